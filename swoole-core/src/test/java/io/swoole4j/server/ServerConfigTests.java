package io.swoole4j.server;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.swoole4j.protocol.FramingConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServerConfigTests {

	@Test
	void defaultsAreSwoolesModernDefaults() {
		ServerConfig config = ServerConfig.builder().build();
		assertThat(config.host()).isEqualTo(ServerConfig.DEFAULT_HOST);
		assertThat(config.port()).isEqualTo(0);
		assertThat(config.mode()).isEqualTo(Mode.THREAD);
		assertThat(config.workerNum()).isEqualTo(ServerConfig.CPU_COUNT);
		assertThat(config.reactorNum()).isEqualTo(Math.min(Math.min(ServerConfig.CPU_COUNT, 8), config.workerNum()));
		assertThat(config.dispatchMode()).isEqualTo(DispatchMode.FDMOD);
		assertThat(config.dispatchMode().id()).isEqualTo(2);
		assertThat(config.maxConnection()).isEqualTo(100_000);
		assertThat(config.backlog()).isEqualTo(512);
		assertThat(config.openTcpNodelay()).isTrue();
		assertThat(config.socketBufferSize()).isEqualTo(8 * 1024 * 1024);
		assertThat(config.bufferHighWatermark()).isEqualTo((int) (8 * 1024 * 1024 * 0.8));
		assertThat(config.bufferLowWatermark()).isZero();
		assertThat(config.enableUnsafeEvent()).isFalse();
		assertThat(config.maxWaitTime()).isEqualTo(Duration.ofSeconds(3));
		assertThat(config.framing().packageMaxLength()).isEqualTo(2 * 1024 * 1024);
		assertThat(config.framing().openLengthCheck()).isFalse();
		assertThat(config.framing().packageLengthType().code()).isEqualTo('N');
		assertThat(config.framing().packageBodyOffset()).isEqualTo(4);
	}

	@Test
	void packageMaxLengthIsRaisedToSixtyFourKibibytes() {
		ServerConfig config = ServerConfig.builder().packageMaxLength(1000).build();
		assertThat(config.framing().packageMaxLength()).isEqualTo(ServerConfig.MIN_PACKAGE_MAX_LENGTH);
	}

	@Test
	void packetRingHoldsAtLeastTwoLargestPackets() {
		ServerConfig config = ServerConfig.builder().packetRingSize(1024).packageMaxLength(1 << 20).build();
		assertThat(config.packetRingSize()).isGreaterThanOrEqualTo(2 * (1 << 20));
	}

	@Test
	void reactorNumNeverExceedsWorkerNumInThreadMode() {
		assertThat(ServerConfig.builder().reactorNum(4).workerNum(2).build().reactorNum()).isEqualTo(2);
	}

	@Test
	void processModeRunsThisJvmsMainClassInWorkersUnlessToldOtherwise() {
		ServerConfig detected = ServerConfig.builder().mode(Mode.PROCESS).build();
		String command = System.getProperty("sun.java.command");
		assertThat(detected.workerEntry()).isNotEmpty();
		if (!command.split(" ")[0].endsWith(".jar")) {
			assertThat(detected.workerEntry()).isEqualTo(command.split(" ")[0]);
		}
		ServerConfig explicit = ServerConfig.builder().mode(Mode.PROCESS).workerEntry("com.example.App", "--a").build();
		assertThat(explicit.workerEntry()).isEqualTo("com.example.App");
		assertThat(explicit.workerArgs()).containsExactly("--a");
		assertThat(ServerConfig.builder().build().workerEntry()).isNull();
	}

	@Test
	void invalidSettingsFailWithOneMessageShape() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().workerNum(0).build())
			.withMessageStartingWith("workerNum: 0 (expected: in [1, ");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().port(70000).build())
			.withMessage("port: 70000 (expected: in [0, 65535])");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().backlog(0).build())
			.withMessage("backlog: 0 (expected: > 0)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerConfig.builder().workerConnectTimeout(Duration.ZERO).build())
			.withMessage("workerConnectTimeout: PT0S (expected: >= 1 ms)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerConfig.builder().dispatchMode(DispatchMode.USERFUNC).build())
			.withMessage("dispatchFunction: null (expected: not null when dispatchMode is 6)");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().dispatchMode(9))
			.withMessage("dispatchMode: 9 (expected: in [1, 8])");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerConfig.builder().socketBufferSize(100).bufferHighWatermark(200).build())
			.withMessage("bufferHighWatermark: 200 (expected: in [0, 100])");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerConfig.builder().openLengthCheck(true).packageLengthType('x').build())
			.withMessageStartingWith("packageLengthType: 'x'");
	}

	@Test
	void maxRequestGraceIsHalfTheLimitAboveTenUnlessSet() {
		assertThat(ServerConfig.builder().build().maxRequest()).isZero();
		assertThat(ServerConfig.builder().build().maxRequestGrace()).isZero();
		assertThat(ServerConfig.builder().maxRequest(10).build().maxRequestGrace()).isZero();
		assertThat(ServerConfig.builder().maxRequest(100).build().maxRequestGrace()).isEqualTo(50);
		assertThat(ServerConfig.builder().maxRequest(100).maxRequestGrace(0).build().maxRequestGrace()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().maxRequest(-1).build())
			.withMessage("maxRequest: -1 (expected: >= 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerConfig.builder().maxRequestGrace(-2).build())
			.withMessageStartingWith("maxRequestGrace: -2");
	}

	@Test
	void framingCopiesEverySetting() {
		FramingConfig framing = FramingConfig.builder()
			.openEofSplit(true)
			.packageEof("\n")
			.packageMaxLength(100_000)
			.build();
		ServerConfig config = ServerConfig.builder().framing(framing).build();
		assertThat(config.framing().openEofSplit()).isTrue();
		assertThat(config.framing().packageEof()).containsExactly('\n');
		assertThat(config.framing().packageMaxLength()).isEqualTo(100_000);
	}

	@Test
	void onlyHashModesDeliverConnectionEventsUnlessUnsafe() {
		assertThat(ServerConfig.builder().dispatchMode(1).build().deliversConnectionEvents()).isFalse();
		assertThat(ServerConfig.builder().dispatchMode(3).build().deliversConnectionEvents()).isFalse();
		assertThat(ServerConfig.builder().dispatchMode(7).build().deliversConnectionEvents()).isFalse();
		assertThat(ServerConfig.builder().dispatchMode(1).enableUnsafeEvent(true).build().deliversConnectionEvents())
			.isTrue();
		for (int mode : new int[] { 2, 4, 5, 8 }) {
			assertThat(ServerConfig.builder().dispatchMode(mode).build().deliversConnectionEvents()).isTrue();
		}
	}

}
