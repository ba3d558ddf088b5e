package io.swoole4j.spring.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * Publishes the {@link ApplicationStartedEvent} that an {@code ApplicationContextRunner}
 * does not, so that binders waiting for it (metrics) run.
 */
final class StartedEvents {

	private StartedEvents() {
	}

	static void publish(AssertableApplicationContext context) {
		context.publishEvent(new ApplicationStartedEvent(new SpringApplication(), new String[0],
				context.getSourceApplicationContext(), Duration.ZERO));
	}

}
