package io.swoole4j.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import io.swoole4j.protocol.FramingConfig;
import io.swoole4j.server.DispatchMode;
import io.swoole4j.server.Mode;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.SocketType;

/**
 * Settings of the auto-configured swoole4j {@link io.swoole4j.server.Server}, with
 * Swoole's setting names in kebab-case and the core's defaults ({@link ServerConfig}'s
 * and {@link FramingConfig}'s public constants, written out as literals so that they
 * reach the configuration metadata; a test keeps both in step). Validation is the core's:
 * {@link ServerConfig.Builder#build()} checks every setting together at startup, and a
 * refused value fails the startup naming its property.
 */
@ConfigurationProperties("swoole.server")
public class SwooleServerProperties {

	/**
	 * Whether to create and start the swoole4j server (when a ServerHandler bean exists).
	 */
	private boolean enabled = true;

	/**
	 * Address to listen on.
	 */
	private String host = "0.0.0.0";

	/**
	 * Port to listen on; 0 picks a free port, published as 'local.swoole.port'.
	 */
	private int port = 0;

	/**
	 * Execution model: 'base' runs the callbacks on the event loops, 'thread' hands
	 * packets from reactor threads to worker threads, 'process' to worker JVMs that run
	 * this application again in worker role.
	 */
	private Mode mode = Mode.THREAD;

	/**
	 * Number of reactor threads doing socket I/O and framing (thread mode); at most
	 * 'worker-num' are used. Defaults to the number of processors, capped at 8.
	 */
	private int reactorNum = ServerConfig.DEFAULT_REACTOR_NUM;

	/**
	 * Number of worker threads (thread mode) or event loops (base mode). Defaults to the
	 * number of processors.
	 */
	private int workerNum = ServerConfig.DEFAULT_WORKER_NUM;

	/**
	 * How a thread-mode server picks the worker for each event, by name or by Swoole's
	 * number (1 to 8). Only the stable modes (fdmod, ipmod, uidmod, userfunc, co-conn-lb)
	 * deliver connection events, unless 'enable-unsafe-event' is set.
	 */
	private DispatchMode dispatchMode = DispatchMode.FDMOD;

	/**
	 * Maximum number of live connections; further connections are closed at accept.
	 */
	private int maxConnection = 100000;

	/**
	 * Length of the listen queue of connections not yet accepted.
	 */
	private int backlog = 512;

	/**
	 * Whether to disable Nagle's algorithm (TCP_NODELAY) on accepted connections.
	 */
	private boolean openTcpNodelay = true;

	/**
	 * Largest single send; a longer send is refused.
	 */
	private DataSize bufferOutputSize = DataSize.ofBytes(2147483647);

	/**
	 * Most output queued per connection; sends beyond it are refused until it drains.
	 */
	private DataSize socketBufferSize = DataSize.ofMegabytes(8);

	/**
	 * Queued output at which onBufferFull fires; 0 means 80% of 'socket-buffer-size'.
	 */
	private DataSize bufferHighWatermark = DataSize.ofBytes(0);

	/**
	 * Queued output at which onBufferEmpty fires after a full buffer; 0 means fully
	 * drained.
	 */
	private DataSize bufferLowWatermark = DataSize.ofBytes(0);

	/**
	 * Whether to deliver connection events (onConnect, onClose) in dispatch modes that do
	 * not keep a connection's events on one worker, where they may arrive out of order.
	 */
	private boolean enableUnsafeEvent = false;

	/**
	 * How long a graceful shutdown lets workers finish queued events. Kept below
	 * 'spring.lifecycle.timeout-per-shutdown-phase'.
	 */
	private Duration maxWaitTime = Duration.ofSeconds(3);

	/**
	 * Size of each reactor thread's ring of packets in flight to workers (thread mode);
	 * raised to hold at least two of the largest packets. A full ring pauses reading.
	 */
	private DataSize packetRingSize = DataSize.ofMegabytes(8);

	/**
	 * Whether packets are framed by a length field in a fixed header.
	 */
	private boolean openLengthCheck = false;

	/**
	 * Type of the length field as a PHP pack() code: c, C, s, S, n, v, l, L, i, I, N, V,
	 * q, Q, J, P.
	 */
	private char packageLengthType = 'N';

	/**
	 * Offset of the length field in the header.
	 */
	private int packageLengthOffset = 0;

	/**
	 * Offset from which the length field counts the body (usually the header length).
	 */
	private int packageBodyOffset = 4;

	/**
	 * Largest packet; a connection sending a larger one is closed. Raised to at least
	 * 64KB.
	 */
	private DataSize packageMaxLength = DataSize.ofMegabytes(2);

	/**
	 * Whether packets end with 'package-eof'.
	 */
	private boolean openEofCheck = false;

	/**
	 * Whether to split a read holding several 'package-eof'-terminated packets into one
	 * event each.
	 */
	private boolean openEofSplit = false;

	/**
	 * Bytes ending a packet (ISO-8859-1), at most 8.
	 */
	private String packageEof = "\r\n\r\n";

	/**
	 * Requests (onReceive calls) a worker handles before it is replaced by a new thread
	 * with the same id, its queue and connections kept (thread mode); 0 means never.
	 */
	private int maxRequest = 0;

	/**
	 * Random extra requests (1 to this) added to each worker's 'max-request' so that
	 * workers are not all replaced at once; -1 means max-request / 2 when 'max-request'
	 * is above 10, else 0.
	 */
	private int maxRequestGrace = -1;

	/**
	 * Number of task worker threads running ServerHandler.onTask; 0 means no task
	 * workers. With task workers the handler must override onTask.
	 */
	private int taskWorkerNum = 0;

	/**
	 * How tasks reach task workers: 1 (targeted, each task worker has its own queue and
	 * an idle one is picked first) or 3 (preemptive, one shared queue).
	 */
	private int taskIpcMode = 1;

	/**
	 * Messages (tasks and pipe messages) one task queue holds; past it a task is refused.
	 */
	private int taskQueueCapacity = 4096;

	/**
	 * How often each reactor thread looks for idle connections (millisecond resolution);
	 * 0 turns the heartbeat off.
	 */
	private Duration heartbeatCheckInterval = Duration.ZERO;

	/**
	 * Silence after which the heartbeat closes a connection; 0 means twice
	 * 'heartbeat-check-interval'.
	 */
	private Duration heartbeatIdleTime = Duration.ZERO;

	/**
	 * Bytes of one connection queued to workers above which reading it pauses until the
	 * workers catch up (thread mode); 0 means no limit.
	 */
	private DataSize maxQueuedBytes = DataSize.ofBytes(0);

	/**
	 * Process mode: the main class worker JVMs run. Defaults to this JVM's main class
	 * (for 'java -jar', the jar's Start-Class) with this JVM's arguments.
	 */
	private @Nullable String workerEntry;

	/**
	 * Process mode: arguments of the worker JVMs' main, when 'worker-entry' is set.
	 */
	private List<String> workerArgs = new ArrayList<>();

	/**
	 * Process mode: JVM options worker JVMs get after this JVM's own, such as -Xmx256m.
	 */
	private List<String> workerJvmOptions = new ArrayList<>();

	/**
	 * Process mode: how long a worker JVM may take to start and connect to the master.
	 */
	private Duration workerConnectTimeout = Duration.ofSeconds(ServerConfig.DEFAULT_WORKER_CONNECT_TIMEOUT_SECONDS);

	/**
	 * Extra listening sockets (Swoole's addListener), bound with the primary port. Their
	 * connections share the workers; each frames like the primary port unless it sets its
	 * own framing, and calls the server's handler unless it names another bean.
	 */
	private List<Listener> listeners = new ArrayList<>();

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

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
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

	public DispatchMode getDispatchMode() {
		return this.dispatchMode;
	}

	public void setDispatchMode(DispatchMode dispatchMode) {
		this.dispatchMode = dispatchMode;
	}

	public int getMaxConnection() {
		return this.maxConnection;
	}

	public void setMaxConnection(int maxConnection) {
		this.maxConnection = maxConnection;
	}

	public int getBacklog() {
		return this.backlog;
	}

	public void setBacklog(int backlog) {
		this.backlog = backlog;
	}

	public boolean isOpenTcpNodelay() {
		return this.openTcpNodelay;
	}

	public void setOpenTcpNodelay(boolean openTcpNodelay) {
		this.openTcpNodelay = openTcpNodelay;
	}

	public DataSize getBufferOutputSize() {
		return this.bufferOutputSize;
	}

	public void setBufferOutputSize(DataSize bufferOutputSize) {
		this.bufferOutputSize = bufferOutputSize;
	}

	public DataSize getSocketBufferSize() {
		return this.socketBufferSize;
	}

	public void setSocketBufferSize(DataSize socketBufferSize) {
		this.socketBufferSize = socketBufferSize;
	}

	public DataSize getBufferHighWatermark() {
		return this.bufferHighWatermark;
	}

	public void setBufferHighWatermark(DataSize bufferHighWatermark) {
		this.bufferHighWatermark = bufferHighWatermark;
	}

	public DataSize getBufferLowWatermark() {
		return this.bufferLowWatermark;
	}

	public void setBufferLowWatermark(DataSize bufferLowWatermark) {
		this.bufferLowWatermark = bufferLowWatermark;
	}

	public boolean isEnableUnsafeEvent() {
		return this.enableUnsafeEvent;
	}

	public void setEnableUnsafeEvent(boolean enableUnsafeEvent) {
		this.enableUnsafeEvent = enableUnsafeEvent;
	}

	public Duration getMaxWaitTime() {
		return this.maxWaitTime;
	}

	public void setMaxWaitTime(Duration maxWaitTime) {
		this.maxWaitTime = maxWaitTime;
	}

	public DataSize getPacketRingSize() {
		return this.packetRingSize;
	}

	public void setPacketRingSize(DataSize packetRingSize) {
		this.packetRingSize = packetRingSize;
	}

	public boolean isOpenLengthCheck() {
		return this.openLengthCheck;
	}

	public void setOpenLengthCheck(boolean openLengthCheck) {
		this.openLengthCheck = openLengthCheck;
	}

	public char getPackageLengthType() {
		return this.packageLengthType;
	}

	public void setPackageLengthType(char packageLengthType) {
		this.packageLengthType = packageLengthType;
	}

	public int getPackageLengthOffset() {
		return this.packageLengthOffset;
	}

	public void setPackageLengthOffset(int packageLengthOffset) {
		this.packageLengthOffset = packageLengthOffset;
	}

	public int getPackageBodyOffset() {
		return this.packageBodyOffset;
	}

	public void setPackageBodyOffset(int packageBodyOffset) {
		this.packageBodyOffset = packageBodyOffset;
	}

	public DataSize getPackageMaxLength() {
		return this.packageMaxLength;
	}

	public void setPackageMaxLength(DataSize packageMaxLength) {
		this.packageMaxLength = packageMaxLength;
	}

	public boolean isOpenEofCheck() {
		return this.openEofCheck;
	}

	public void setOpenEofCheck(boolean openEofCheck) {
		this.openEofCheck = openEofCheck;
	}

	public boolean isOpenEofSplit() {
		return this.openEofSplit;
	}

	public void setOpenEofSplit(boolean openEofSplit) {
		this.openEofSplit = openEofSplit;
	}

	public String getPackageEof() {
		return this.packageEof;
	}

	public void setPackageEof(String packageEof) {
		this.packageEof = packageEof;
	}

	public int getMaxRequest() {
		return this.maxRequest;
	}

	public void setMaxRequest(int maxRequest) {
		this.maxRequest = maxRequest;
	}

	public int getMaxRequestGrace() {
		return this.maxRequestGrace;
	}

	public void setMaxRequestGrace(int maxRequestGrace) {
		this.maxRequestGrace = maxRequestGrace;
	}

	public int getTaskWorkerNum() {
		return this.taskWorkerNum;
	}

	public void setTaskWorkerNum(int taskWorkerNum) {
		this.taskWorkerNum = taskWorkerNum;
	}

	public int getTaskIpcMode() {
		return this.taskIpcMode;
	}

	public void setTaskIpcMode(int taskIpcMode) {
		this.taskIpcMode = taskIpcMode;
	}

	public int getTaskQueueCapacity() {
		return this.taskQueueCapacity;
	}

	public void setTaskQueueCapacity(int taskQueueCapacity) {
		this.taskQueueCapacity = taskQueueCapacity;
	}

	public Duration getHeartbeatCheckInterval() {
		return this.heartbeatCheckInterval;
	}

	public void setHeartbeatCheckInterval(Duration heartbeatCheckInterval) {
		this.heartbeatCheckInterval = heartbeatCheckInterval;
	}

	public Duration getHeartbeatIdleTime() {
		return this.heartbeatIdleTime;
	}

	public void setHeartbeatIdleTime(Duration heartbeatIdleTime) {
		this.heartbeatIdleTime = heartbeatIdleTime;
	}

	public @Nullable String getWorkerEntry() {
		return this.workerEntry;
	}

	public void setWorkerEntry(@Nullable String workerEntry) {
		this.workerEntry = workerEntry;
	}

	public List<String> getWorkerArgs() {
		return this.workerArgs;
	}

	public void setWorkerArgs(List<String> workerArgs) {
		this.workerArgs = workerArgs;
	}

	public List<String> getWorkerJvmOptions() {
		return this.workerJvmOptions;
	}

	public void setWorkerJvmOptions(List<String> workerJvmOptions) {
		this.workerJvmOptions = workerJvmOptions;
	}

	public Duration getWorkerConnectTimeout() {
		return this.workerConnectTimeout;
	}

	public void setWorkerConnectTimeout(Duration workerConnectTimeout) {
		this.workerConnectTimeout = workerConnectTimeout;
	}

	public DataSize getMaxQueuedBytes() {
		return this.maxQueuedBytes;
	}

	public void setMaxQueuedBytes(DataSize maxQueuedBytes) {
		this.maxQueuedBytes = maxQueuedBytes;
	}

	public List<Listener> getListeners() {
		return this.listeners;
	}

	public void setListeners(List<Listener> listeners) {
		this.listeners = listeners;
	}

	/**
	 * One extra listening socket. Framing settings left unset are the primary port's.
	 */
	public static class Listener {

		/**
		 * Address to listen on, or the socket file path for 'unix-stream'. Defaults to
		 * 'swoole.server.host'.
		 */
		private @Nullable String host;

		/**
		 * Port to listen on; 0 picks a free port, published as
		 * 'local.swoole.listeners[index].port'. Ignored for 'unix-stream'.
		 */
		private int port = 0;

		/**
		 * Socket type: tcp, udp or unix-stream.
		 */
		private SocketType type = SocketType.TCP;

		/**
		 * Name of the ServerHandler (or ServerHandler.OnReceive) bean handling this
		 * port's connections and datagrams; the server's handler when unset.
		 */
		private @Nullable String handler;

		/**
		 * Whether packets are framed by a length field in a fixed header.
		 */
		private @Nullable Boolean openLengthCheck;

		/**
		 * Type of the length field as a PHP pack() code.
		 */
		private @Nullable Character packageLengthType;

		/**
		 * Offset of the length field in the header.
		 */
		private @Nullable Integer packageLengthOffset;

		/**
		 * Offset from which the length field counts the body.
		 */
		private @Nullable Integer packageBodyOffset;

		/**
		 * Largest packet, at most the primary port's 'package-max-length'.
		 */
		private @Nullable DataSize packageMaxLength;

		/**
		 * Whether packets end with 'package-eof'.
		 */
		private @Nullable Boolean openEofCheck;

		/**
		 * Whether to split a read holding several 'package-eof'-terminated packets.
		 */
		private @Nullable Boolean openEofSplit;

		/**
		 * Bytes ending a packet (ISO-8859-1), at most 8.
		 */
		private @Nullable String packageEof;

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public SocketType getType() {
			return this.type;
		}

		public void setType(SocketType type) {
			this.type = type;
		}

		public @Nullable String getHandler() {
			return this.handler;
		}

		public void setHandler(@Nullable String handler) {
			this.handler = handler;
		}

		public @Nullable Boolean getOpenLengthCheck() {
			return this.openLengthCheck;
		}

		public void setOpenLengthCheck(@Nullable Boolean openLengthCheck) {
			this.openLengthCheck = openLengthCheck;
		}

		public @Nullable Character getPackageLengthType() {
			return this.packageLengthType;
		}

		public void setPackageLengthType(@Nullable Character packageLengthType) {
			this.packageLengthType = packageLengthType;
		}

		public @Nullable Integer getPackageLengthOffset() {
			return this.packageLengthOffset;
		}

		public void setPackageLengthOffset(@Nullable Integer packageLengthOffset) {
			this.packageLengthOffset = packageLengthOffset;
		}

		public @Nullable Integer getPackageBodyOffset() {
			return this.packageBodyOffset;
		}

		public void setPackageBodyOffset(@Nullable Integer packageBodyOffset) {
			this.packageBodyOffset = packageBodyOffset;
		}

		public @Nullable DataSize getPackageMaxLength() {
			return this.packageMaxLength;
		}

		public void setPackageMaxLength(@Nullable DataSize packageMaxLength) {
			this.packageMaxLength = packageMaxLength;
		}

		public @Nullable Boolean getOpenEofCheck() {
			return this.openEofCheck;
		}

		public void setOpenEofCheck(@Nullable Boolean openEofCheck) {
			this.openEofCheck = openEofCheck;
		}

		public @Nullable Boolean getOpenEofSplit() {
			return this.openEofSplit;
		}

		public void setOpenEofSplit(@Nullable Boolean openEofSplit) {
			this.openEofSplit = openEofSplit;
		}

		public @Nullable String getPackageEof() {
			return this.packageEof;
		}

		public void setPackageEof(@Nullable String packageEof) {
			this.packageEof = packageEof;
		}

	}

}
