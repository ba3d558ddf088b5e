package io.swoole4j.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import io.swoole4j.protocol.FramingConfig;
import io.swoole4j.server.DispatchMode;
import io.swoole4j.server.Mode;
import io.swoole4j.server.ServerConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SwooleServerProperties}: every default equals the core's.
 */
class SwooleServerPropertiesTests {

	private final SwooleServerProperties properties = new SwooleServerProperties();

	@Test
	void hostMatchesCoreDefault() {
		assertThat(this.properties.getHost()).isEqualTo(ServerConfig.DEFAULT_HOST);
	}

	@Test
	void portMatchesCoreDefault() {
		assertThat(this.properties.getPort()).isEqualTo(ServerConfig.DEFAULT_PORT);
	}

	@Test
	void modeMatchesCoreDefault() {
		assertThat(this.properties.getMode()).isEqualTo(ServerConfig.DEFAULT_MODE);
	}

	@Test
	void reactorAndWorkerNumMatchCoreDefaults() {
		assertThat(this.properties.getReactorNum()).isEqualTo(ServerConfig.DEFAULT_REACTOR_NUM);
		assertThat(this.properties.getWorkerNum()).isEqualTo(ServerConfig.DEFAULT_WORKER_NUM);
	}

	@Test
	void dispatchModeMatchesCoreDefault() {
		assertThat(this.properties.getDispatchMode()).isEqualTo(ServerConfig.DEFAULT_DISPATCH_MODE);
	}

	@Test
	void connectionLimitsMatchCoreDefaults() {
		assertThat(this.properties.getMaxConnection()).isEqualTo(ServerConfig.DEFAULT_MAX_CONNECTION);
		assertThat(this.properties.getBacklog()).isEqualTo(ServerConfig.DEFAULT_BACKLOG);
		assertThat(this.properties.isOpenTcpNodelay()).isEqualTo(ServerConfig.DEFAULT_OPEN_TCP_NODELAY);
	}

	@Test
	void bufferSizesMatchCoreDefaults() {
		assertThat(this.properties.getBufferOutputSize().toBytes()).isEqualTo(ServerConfig.DEFAULT_BUFFER_OUTPUT_SIZE);
		assertThat(this.properties.getSocketBufferSize().toBytes()).isEqualTo(ServerConfig.DEFAULT_SOCKET_BUFFER_SIZE);
		assertThat(this.properties.getBufferHighWatermark().toBytes())
			.isEqualTo(ServerConfig.DEFAULT_BUFFER_HIGH_WATERMARK);
		assertThat(this.properties.getBufferLowWatermark().toBytes())
			.isEqualTo(ServerConfig.DEFAULT_BUFFER_LOW_WATERMARK);
		assertThat(this.properties.getPacketRingSize().toBytes()).isEqualTo(ServerConfig.DEFAULT_PACKET_RING_SIZE);
	}

	@Test
	void eventAndShutdownSettingsMatchCoreDefaults() {
		assertThat(this.properties.isEnableUnsafeEvent()).isEqualTo(ServerConfig.DEFAULT_ENABLE_UNSAFE_EVENT);
		assertThat(this.properties.getMaxWaitTime()).isEqualTo(ServerConfig.DEFAULT_MAX_WAIT_TIME);
	}

	@Test
	void framingSettingsMatchCoreDefaults() {
		FramingConfig framing = FramingConfig.builder().build();
		assertThat(this.properties.isOpenLengthCheck()).isEqualTo(framing.openLengthCheck());
		assertThat(this.properties.getPackageLengthType()).isEqualTo(FramingConfig.DEFAULT_PACKAGE_LENGTH_TYPE);
		assertThat(this.properties.getPackageLengthOffset()).isEqualTo(FramingConfig.DEFAULT_PACKAGE_LENGTH_OFFSET);
		assertThat(this.properties.getPackageBodyOffset()).isEqualTo(FramingConfig.DEFAULT_PACKAGE_BODY_OFFSET);
		assertThat(this.properties.getPackageMaxLength().toBytes()).isEqualTo(FramingConfig.DEFAULT_PACKAGE_MAX_LENGTH);
		assertThat(this.properties.isOpenEofCheck()).isEqualTo(framing.openEofCheck());
		assertThat(this.properties.isOpenEofSplit()).isEqualTo(framing.openEofSplit());
		assertThat(this.properties.getPackageEof()).isEqualTo(FramingConfig.DEFAULT_PACKAGE_EOF);
		assertThat(this.properties.getPackageEof().getBytes(StandardCharsets.ISO_8859_1))
			.isEqualTo(framing.packageEof());
	}

	@Test
	void workerRecyclingSettingsMatchCoreDefaults() {
		assertThat(this.properties.getMaxRequest()).isEqualTo(ServerConfig.DEFAULT_MAX_REQUEST);
		assertThat(this.properties.getMaxRequestGrace()).isEqualTo(ServerConfig.DEFAULT_MAX_REQUEST_GRACE);
		ServerConfig fromProperties = ServerConfigFactory.create(this.properties, Stream.empty(),
				Duration.ofSeconds(30), null);
		ServerConfig core = ServerConfig.builder().build();
		assertThat(fromProperties.maxRequest()).isEqualTo(core.maxRequest());
		assertThat(fromProperties.maxRequestGrace()).isEqualTo(core.maxRequestGrace());
	}

	@Test
	void taskSettingsMatchCoreDefaults() {
		assertThat(this.properties.getTaskWorkerNum()).isEqualTo(ServerConfig.DEFAULT_TASK_WORKER_NUM);
		assertThat(this.properties.getTaskIpcMode()).isEqualTo(ServerConfig.DEFAULT_TASK_IPC_MODE);
		assertThat(this.properties.getTaskQueueCapacity()).isEqualTo(ServerConfig.DEFAULT_TASK_QUEUE_CAPACITY);
	}

	@Test
	void heartbeatAndInputLimitSettingsMatchCoreDefaults() {
		assertThat(this.properties.getHeartbeatCheckInterval())
			.isEqualTo(ServerConfig.DEFAULT_HEARTBEAT_CHECK_INTERVAL);
		assertThat(this.properties.getHeartbeatIdleTime()).isEqualTo(ServerConfig.DEFAULT_HEARTBEAT_IDLE_TIME);
		assertThat(this.properties.getMaxQueuedBytes().toBytes()).isEqualTo(ServerConfig.DEFAULT_MAX_QUEUED_BYTES);
	}

	@Test
	void defaultPropertiesBuildTheCoreDefaultTaskAndHeartbeatSettings() {
		ServerConfig fromProperties = ServerConfigFactory.create(this.properties, Stream.empty(),
				Duration.ofSeconds(30), null);
		ServerConfig core = ServerConfig.builder().build();
		assertThat(fromProperties.taskWorkerNum()).isEqualTo(core.taskWorkerNum());
		assertThat(fromProperties.taskIpcMode()).isEqualTo(core.taskIpcMode());
		assertThat(fromProperties.taskQueueCapacity()).isEqualTo(core.taskQueueCapacity());
		assertThat(fromProperties.taskCodec()).isEqualTo(core.taskCodec()).isNull();
		assertThat(fromProperties.heartbeatCheckInterval()).isEqualTo(core.heartbeatCheckInterval());
		assertThat(fromProperties.heartbeatIdleTime()).isEqualTo(core.heartbeatIdleTime());
		assertThat(fromProperties.maxQueuedBytes()).isEqualTo(core.maxQueuedBytes());
		assertThat(fromProperties.workerEntry()).isEqualTo(core.workerEntry()).isNull();
		assertThat(fromProperties.workerJvmOptions()).isEqualTo(core.workerJvmOptions()).isEmpty();
		assertThat(fromProperties.workerConnectTimeout()).isEqualTo(core.workerConnectTimeout());
	}

	@Test
	void bindsProcessModeWorkerSettings() {
		Map<String, String> source = Map.of("swoole.server.mode", "process", "swoole.server.worker-entry",
				"com.example.App", "swoole.server.worker-args", "--a,--b=1", "swoole.server.worker-jvm-options",
				"-Xmx256m", "swoole.server.worker-connect-timeout", "9s");
		SwooleServerProperties bound = new Binder(new MapConfigurationPropertySource(source))
			.bind("swoole.server", Bindable.of(SwooleServerProperties.class))
			.get();
		ServerConfig config = ServerConfigFactory.create(bound, Stream.empty(), Duration.ofSeconds(30), null);
		assertThat(config.mode()).isEqualTo(Mode.PROCESS);
		assertThat(config.workerEntry()).isEqualTo("com.example.App");
		assertThat(config.workerArgs()).containsExactly("--a", "--b=1");
		assertThat(config.workerJvmOptions()).containsExactly("-Xmx256m");
		assertThat(config.workerConnectTimeout()).isEqualTo(Duration.ofSeconds(9));
	}

	@Test
	void bindsTaskHeartbeatAndInputLimitSettings() {
		Map<String, String> source = Map.of("swoole.server.task-worker-num", "2", "swoole.server.task-ipc-mode", "3",
				"swoole.server.task-queue-capacity", "16", "swoole.server.heartbeat-check-interval", "5s",
				"swoole.server.heartbeat-idle-time", "12s", "swoole.server.max-queued-bytes", "1MB");
		SwooleServerProperties bound = new Binder(new MapConfigurationPropertySource(source))
			.bind("swoole.server", Bindable.of(SwooleServerProperties.class))
			.get();
		ServerConfig config = ServerConfigFactory.create(bound, Stream.empty(), Duration.ofSeconds(30), null);
		assertThat(config.taskWorkerNum()).isEqualTo(2);
		assertThat(config.taskIpcMode()).isEqualTo(ServerConfig.TASK_IPC_PREEMPTIVE);
		assertThat(config.taskQueueCapacity()).isEqualTo(16);
		assertThat(config.heartbeatCheckInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(config.heartbeatIdleTime()).isEqualTo(Duration.ofSeconds(12));
		assertThat(config.maxQueuedBytes()).isEqualTo(1024 * 1024);
	}

	@Test
	void defaultPropertiesBuildTheCoreDefaultConfiguration() {
		ServerConfig fromProperties = ServerConfigFactory.create(this.properties, Stream.empty(),
				Duration.ofSeconds(30), null);
		assertThat(fromProperties).hasToString(ServerConfig.builder().build().toString());
	}

	@Test
	void bindsSwooleNamesInKebabCase() {
		Map<String, String> source = Map.of("swoole.server.worker-num", "4", "swoole.server.dispatch-mode", "ipmod",
				"swoole.server.mode", "base", "swoole.server.socket-buffer-size", "2MB", "swoole.server.max-wait-time",
				"1500ms", "swoole.server.package-length-type", "n", "swoole.server.open-length-check", "true");
		SwooleServerProperties bound = new Binder(new MapConfigurationPropertySource(source))
			.bind("swoole.server", Bindable.of(SwooleServerProperties.class))
			.get();
		assertThat(bound.getWorkerNum()).isEqualTo(4);
		assertThat(bound.getDispatchMode()).isEqualTo(DispatchMode.IPMOD);
		assertThat(bound.getMode()).isEqualTo(Mode.BASE);
		assertThat(bound.getSocketBufferSize()).isEqualTo(DataSize.ofMegabytes(2));
		assertThat(bound.getMaxWaitTime()).isEqualTo(Duration.ofMillis(1500));
		assertThat(bound.getPackageLengthType()).isEqualTo('n');
		assertThat(bound.isOpenLengthCheck()).isTrue();
	}

}
