package io.swoole4j.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.swoole4j.protocol.resp.RespLimits;

/**
 * Settings of the demo's two services: the Redis-protocol key-value store (served by the
 * starter's server, {@code swoole.server.*}) and the length-framed echo port.
 */
@ConfigurationProperties("demo")
public class DemoProperties {

	private final Redis redis = new Redis();

	private final Echo echo = new Echo();

	public Redis getRedis() {
		return this.redis;
	}

	public Echo getEcho() {
		return this.echo;
	}

	/**
	 * The key-value store.
	 */
	public static class Redis {

		/**
		 * Name of the swoole.tables entry holding the keys; it needs a string column
		 * 'value' and an int column 'expires_at' of 8 bytes.
		 */
		private String table = "kv";

		/**
		 * Time between two ticks of the expiry sweep.
		 */
		private Duration sweepInterval = Duration.ofMillis(100);

		/**
		 * Table rows (buckets, with the keys chained to them) the expiry sweep examines
		 * per tick: bounded work however few keys there are.
		 */
		private int sweepRowsPerTick = 2000;

		/**
		 * Largest bulk string a client may send; a longer one is a protocol error that
		 * closes the connection.
		 */
		private DataSize maxBulkLength = DataSize.ofBytes(RespLimits.DEFAULT_MAX_BULK_LENGTH);

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			this.table = table;
		}

		public Duration getSweepInterval() {
			return this.sweepInterval;
		}

		public void setSweepInterval(Duration sweepInterval) {
			this.sweepInterval = sweepInterval;
		}

		public int getSweepRowsPerTick() {
			return this.sweepRowsPerTick;
		}

		public void setSweepRowsPerTick(int sweepRowsPerTick) {
			this.sweepRowsPerTick = sweepRowsPerTick;
		}

		public DataSize getMaxBulkLength() {
			return this.maxBulkLength;
		}

		public void setMaxBulkLength(DataSize maxBulkLength) {
			this.maxBulkLength = maxBulkLength;
		}

	}

	/**
	 * The length-framed echo server.
	 */
	public static class Echo {

		/**
		 * Whether to run the echo server.
		 */
		private boolean enabled = true;

		/**
		 * Address to bind.
		 */
		private String host = "127.0.0.1";

		/**
		 * Port to listen on; 0 picks a free one.
		 */
		private int port = 9502;

		/**
		 * Number of reactor threads.
		 */
		private int reactorNum = 1;

		/**
		 * Number of worker threads.
		 */
		private int workerNum = 1;

		/**
		 * Largest frame (4-byte header included); a longer one closes the connection.
		 */
		private DataSize packageMaxLength = DataSize.ofMegabytes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getHost() {
			return this.host;
		}

		public void setHost(String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public int getReactorNum() {
			return this.reactorNum;
		}

		public void setReactorNum(int reactorNum) {
			this.reactorNum = reactorNum;
		}

		public int getWorkerNum() {
			return this.workerNum;
		}

		public void setWorkerNum(int workerNum) {
			this.workerNum = workerNum;
		}

		public DataSize getPackageMaxLength() {
			return this.packageMaxLength;
		}

		public void setPackageMaxLength(DataSize packageMaxLength) {
			this.packageMaxLength = packageMaxLength;
		}

	}

}
