package io.swoole4j.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.util.unit.DataSize;

import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.task.Codec;

/**
 * Turns {@link SwooleServerProperties} plus the {@link SwooleServerCustomizer}s into a
 * validated {@link ServerConfig}, translating the core's refusal of a setting into an
 * {@link InvalidSwoolePropertyException} that names the {@code swoole.server.*} property.
 */
final class ServerConfigFactory {

	static final String PREFIX = "swoole.server";

	private static final Logger logger = LoggerFactory.getLogger(ServerConfigFactory.class);

	private ServerConfigFactory() {
	}

	/**
	 * Builds the configuration.
	 * @param properties the bound properties
	 * @param customizers applied in this order, after the properties
	 * @param shutdownPhaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
	 * @param taskCodec the codec of task values other than {@code byte[]} and
	 * {@code String}, or null
	 * @return the validated configuration
	 * @throws InvalidSwoolePropertyException if the core refuses a setting
	 */
	static ServerConfig create(SwooleServerProperties properties, Stream<SwooleServerCustomizer> customizers,
			Duration shutdownPhaseTimeout, @Nullable Codec taskCodec) {
		ServerConfig.Builder builder = ServerConfig.builder();
		try {
			builder.host(properties.getHost())
				.port(properties.getPort())
				.mode(properties.getMode())
				.reactorNum(properties.getReactorNum())
				.workerNum(properties.getWorkerNum())
				.dispatchMode(properties.getDispatchMode())
				.maxConnection(properties.getMaxConnection())
				.backlog(properties.getBacklog())
				.openTcpNodelay(properties.isOpenTcpNodelay())
				.bufferOutputSize(bytes("bufferOutputSize", properties.getBufferOutputSize()))
				.socketBufferSize(bytes("socketBufferSize", properties.getSocketBufferSize()))
				.bufferHighWatermark(bytes("bufferHighWatermark", properties.getBufferHighWatermark()))
				.bufferLowWatermark(bytes("bufferLowWatermark", properties.getBufferLowWatermark()))
				.enableUnsafeEvent(properties.isEnableUnsafeEvent())
				.maxWaitTime(maxWaitTime(properties.getMaxWaitTime(), shutdownPhaseTimeout))
				.packetRingSize(bytes("packetRingSize", properties.getPacketRingSize()))
				.openLengthCheck(properties.isOpenLengthCheck())
				.packageLengthType(properties.getPackageLengthType())
				.packageLengthOffset(properties.getPackageLengthOffset())
				.packageBodyOffset(properties.getPackageBodyOffset())
				.packageMaxLength(bytes("packageMaxLength", properties.getPackageMaxLength()))
				.openEofCheck(properties.isOpenEofCheck())
				.openEofSplit(properties.isOpenEofSplit())
				.packageEof(properties.getPackageEof())
				.maxRequest(properties.getMaxRequest())
				.maxRequestGrace(properties.getMaxRequestGrace())
				.taskWorkerNum(properties.getTaskWorkerNum())
				.taskIpcMode(properties.getTaskIpcMode())
				.taskQueueCapacity(properties.getTaskQueueCapacity())
				.heartbeatCheckInterval(properties.getHeartbeatCheckInterval())
				.heartbeatIdleTime(properties.getHeartbeatIdleTime())
				.maxQueuedBytes(bytes("maxQueuedBytes", properties.getMaxQueuedBytes()))
				.workerJvmOptions(properties.getWorkerJvmOptions())
				.workerConnectTimeout(properties.getWorkerConnectTimeout());
			String workerEntry = properties.getWorkerEntry();
			if (workerEntry != null) {
				builder.workerEntry(workerEntry, properties.getWorkerArgs().toArray(new String[0]));
			}
			if (taskCodec != null) {
				builder.taskCodec(taskCodec);
			}
			customizers.forEachOrdered((customizer) -> customizer.customize(builder));
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw translate(ex, properties);
		}
	}

	private static Duration maxWaitTime(Duration maxWaitTime, Duration shutdownPhaseTimeout) {
		// Server.shutdown() may overrun max-wait-time by about two seconds (joining
		// threads, closing connections); past the phase timeout Spring would destroy
		// beans (Tables) under running workers
		Duration limit = shutdownPhaseTimeout.minusSeconds(2);
		if (maxWaitTime.compareTo(limit) > 0) {
			Duration effective = limit.isNegative() ? Duration.ZERO : limit;
			logger
				.warn("swoole.server.max-wait-time {} leaves no room in spring.lifecycle.timeout-per-shutdown-phase {};"
						+ " using {}", maxWaitTime, shutdownPhaseTimeout, effective);
			return effective;
		}
		return maxWaitTime;
	}

	private static int bytes(String setting, DataSize size) {
		long bytes = size.toBytes();
		if (bytes > Integer.MAX_VALUE || bytes < Integer.MIN_VALUE) {
			throw new IllegalArgumentException(setting + ": " + size + " (expected: <= " + Integer.MAX_VALUE + "B)");
		}
		return (int) bytes;
	}

	private static RuntimeException translate(IllegalArgumentException ex, SwooleServerProperties properties) {
		String setting = CoreSettingNames.settingOf(ex.getMessage());
		if (setting == null) {
			return ex;
		}
		// dispatch mode 6 needs a function, which only a customizer can give
		String property = "dispatchFunction".equals(setting) ? "dispatchMode" : setting;
		BeanWrapperImpl wrapper = new BeanWrapperImpl(properties);
		Object value = wrapper.isReadableProperty(property) ? wrapper.getPropertyValue(property) : null;
		return new InvalidSwoolePropertyException(PREFIX + "." + CoreSettingNames.toKebabCase(property), value,
				String.valueOf(ex.getMessage()), ex);
	}

}
