package io.swoole4j.server;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerServicesConfigTests {

	@Test
	void heartbeatIsOffAndInputUnlimitedByDefault() {
		ServerConfig config = ServerConfig.builder().build();
		assertThat(config.heartbeatEnabled()).isFalse();
		assertThat(config.heartbeatCheckInterval()).isZero();
		assertThat(config.heartbeatIdleTime()).isZero();
		assertThat(config.maxQueuedBytes()).isZero();
	}

	@Test
	void idleTimeDefaultsToTwiceTheCheckInterval() {
		ServerConfig config = ServerConfig.builder().heartbeatCheckInterval(Duration.ofMillis(250)).build();
		assertThat(config.heartbeatEnabled()).isTrue();
		assertThat(config.heartbeatIdleTime()).isEqualTo(Duration.ofMillis(500));
		assertThat(ServerConfig.builder()
			.heartbeatCheckInterval(Duration.ofSeconds(1))
			.heartbeatIdleTime(Duration.ofSeconds(5))
			.build()
			.heartbeatIdleTime()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void invalidServiceSettingsFailWithOneMessageShape() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerConfig.builder().heartbeatCheckInterval(Duration.ofNanos(10)).build())
			.withMessage("heartbeatCheckInterval: PT0.00000001S (expected: 0 or at least 1 ms)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerConfig.builder().heartbeatIdleTime(Duration.ofSeconds(-1)).build())
			.withMessageStartingWith("heartbeatIdleTime: PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerConfig.builder().heartbeatIdleTime(Duration.ofSeconds(1)).build())
			.withMessageStartingWith("heartbeatCheckInterval: PT0S (expected: > 0 when heartbeatIdleTime is set)");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().maxQueuedBytes(-1).build())
			.withMessageStartingWith("maxQueuedBytes: -1");
	}

}
