package io.swoole4j.spring.boot.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import io.swoole4j.server.Server;

/**
 * In a worker JVM of a PROCESS-mode server (the application started again by its master),
 * turns the application into a plain worker: no web server (the master's Actuator and web
 * endpoints keep their ports) and no banner. The swoole4j server bean then serves as the
 * worker when its lifecycle starts it (see {@link io.swoole4j.server.Mode#PROCESS}). Does
 * nothing in any other JVM.
 */
public class SwooleWorkerEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source added in a worker JVM. */
	public static final String PROPERTY_SOURCE_NAME = "swooleWorkerProcess";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Server.isWorkerJvm()) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME,
						Map.of("spring.main.web-application-type", "none", "spring.main.banner-mode", "off")));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
