package io.swoole4j.spring.boot.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real application that fails to start reports the failure analysis of the starter's
 * analyzers, loaded by Spring Boot from {@code META-INF/spring.factories}.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(120)
class SwooleFailureAnalysisTests {

	@Test
	void invalidWorkerNumIsReportedWithItsPropertyAndOrigin(CapturedOutput output) {
		assertThatException().isThrownBy(() -> application("swoole.server.worker-num=0").run());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value '0' for configuration property 'swoole.server.worker-num'")
			.contains("workerNum: 0 (expected:")
			.contains("Update 'swoole.server.worker-num'");
	}

	@Test
	void portInUseIsReportedWithTheProperty(CapturedOutput output) throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatException().isThrownBy(() -> application("swoole.server.port=" + taken.getLocalPort()).run());
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use")
				.contains("'swoole.server.port'");
		}
	}

	private static SpringApplicationBuilder application(String property) {
		return new SpringApplicationBuilder(SwooleTestApplication.class).web(WebApplicationType.NONE)
			.properties("swoole.server.host=127.0.0.1", "swoole.server.port=0", "swoole.tables.hits.size=64",
					"swoole.tables.hits.columns.count.type=int", "spring.main.banner-mode=off", property);
	}

}
