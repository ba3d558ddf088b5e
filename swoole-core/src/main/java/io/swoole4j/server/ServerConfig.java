package io.swoole4j.server;

import java.time.Duration;
import java.util.List;

import io.swoole4j.internal.Checks;
import io.swoole4j.protocol.FramingConfig;
import io.swoole4j.server.task.Codec;

/**
 * Settings of a {@link Server}, with Swoole's names (camelCase) and Swoole's modern
 * defaults. Every default is a public constant. Build with {@link #builder()}; the
 * builder's {@link Builder#build()} validates all settings together and derives the
 * effective values (for example {@code packageMaxLength} raised to 64 KiB). Immutable and
 * thread-safe.
 */
public final class ServerConfig {

	/** Number of processors seen by the JVM, the base of the thread-count defaults. */
	public static final int CPU_COUNT = Runtime.getRuntime().availableProcessors();

	/** Default {@code workerConnectTimeout} in seconds (PROCESS mode). */
	public static final int DEFAULT_WORKER_CONNECT_TIMEOUT_SECONDS = 30;

	/** Default {@code host}: all interfaces, as Swoole's {@code Server} constructor. */
	public static final String DEFAULT_HOST = "0.0.0.0";

	/** Default {@code port}: 0, an ephemeral port (see {@link Server#port()}). */
	public static final int DEFAULT_PORT = 0;

	/** Default {@code mode}: {@link Mode#THREAD}. */
	public static final Mode DEFAULT_MODE = Mode.THREAD;

	/** Default {@code reactorNum}: the CPU count, capped at 8 as in modern Swoole. */
	public static final int DEFAULT_REACTOR_NUM = Math.min(CPU_COUNT, 8);

	/** Default {@code workerNum}: the CPU count. */
	public static final int DEFAULT_WORKER_NUM = CPU_COUNT;

	/** Default {@code dispatchMode}: 2, {@link DispatchMode#FDMOD}. */
	public static final DispatchMode DEFAULT_DISPATCH_MODE = DispatchMode.FDMOD;

	/** Default {@code maxConnection}: 100 000 ({@code SW_MAX_CONNECTION}). */
	public static final int DEFAULT_MAX_CONNECTION = 100_000;

	/** Largest {@code maxConnection} ({@code SW_SESSION_LIST_SIZE}). */
	public static final int MAX_CONNECTION_LIMIT = 1 << 20;

	/** Default {@code backlog}: 512 ({@code SW_BACKLOG}). */
	public static final int DEFAULT_BACKLOG = 512;

	/** Default {@code openTcpNodelay}: true (modern Swoole). */
	public static final boolean DEFAULT_OPEN_TCP_NODELAY = true;

	/**
	 * Default {@code bufferOutputSize} (largest single {@code send}): unlimited, as
	 * modern Swoole's {@code UINT32_MAX}; {@code socketBufferSize} bounds the queue
	 * instead.
	 */
	public static final int DEFAULT_BUFFER_OUTPUT_SIZE = Integer.MAX_VALUE;

	/** Default {@code socketBufferSize} (per-connection output limit): 8 MiB. */
	public static final int DEFAULT_SOCKET_BUFFER_SIZE = 8 * 1024 * 1024;

	/** Default {@code bufferHighWatermark}: 0, meaning 0.8 × {@code socketBufferSize}. */
	public static final int DEFAULT_BUFFER_HIGH_WATERMARK = 0;

	/**
	 * Default {@code bufferLowWatermark}: 0, {@code onBufferEmpty} when fully drained.
	 */
	public static final int DEFAULT_BUFFER_LOW_WATERMARK = 0;

	/** Default {@code enableUnsafeEvent}: false. */
	public static final boolean DEFAULT_ENABLE_UNSAFE_EVENT = false;

	/** Default {@code maxWaitTime} (graceful shutdown deadline): 3 s. */
	public static final Duration DEFAULT_MAX_WAIT_TIME = Duration.ofSeconds(3);

	/** Default {@code heartbeatCheckInterval}: zero, no heartbeat check. */
	public static final Duration DEFAULT_HEARTBEAT_CHECK_INTERVAL = Duration.ZERO;

	/** Default {@code heartbeatIdleTime}: zero, meaning twice the check interval. */
	public static final Duration DEFAULT_HEARTBEAT_IDLE_TIME = Duration.ZERO;

	/** Default {@code maxQueuedBytes}: 0, no per-connection input limit. */
	public static final int DEFAULT_MAX_QUEUED_BYTES = 0;

	/**
	 * Default {@code packetRingSize}: 8 MiB per reactor thread of packets in flight to
	 * workers (THREAD mode); raised to hold at least two largest packets.
	 */
	public static final int DEFAULT_PACKET_RING_SIZE = 8 * 1024 * 1024;

	/**
	 * Smallest effective {@code packageMaxLength}: 64 KiB, as Swoole enforces at start.
	 */
	public static final int MIN_PACKAGE_MAX_LENGTH = 64 * 1024;

	/** Default {@code maxRequest}: 0, workers are never recycled. */
	public static final int DEFAULT_MAX_REQUEST = 0;

	/**
	 * Default {@code maxRequestGrace}: -1, meaning {@code maxRequest / 2} when
	 * {@code maxRequest > 10}, else 0 (modern Swoole), so that workers started together
	 * are not all recycled at the same moment.
	 */
	public static final int DEFAULT_MAX_REQUEST_GRACE = -1;

	/** Default {@code taskWorkerNum}: 0, no task workers (Swoole's default). */
	public static final int DEFAULT_TASK_WORKER_NUM = 0;

	/**
	 * {@code taskIpcMode} 1: targeted, each task worker has its own queue and a task goes
	 * to an idle one first (or to {@code dstWorkerId}).
	 */
	public static final int TASK_IPC_TARGETED = 1;

	/**
	 * {@code taskIpcMode} 3: preemptive, one shared queue that any idle task worker takes
	 * from ({@code dstWorkerId} is ignored).
	 */
	public static final int TASK_IPC_PREEMPTIVE = 3;

	/** Default {@code taskIpcMode}: 1, targeted idle-first (Swoole's default). */
	public static final int DEFAULT_TASK_IPC_MODE = TASK_IPC_TARGETED;

	/**
	 * Default {@code taskQueueCapacity}: 4096 messages per task queue. Swoole's bound is
	 * the 8 MiB socket buffer of a task pipe; a count keeps the bound independent of the
	 * payload size, and beyond it {@code task()} returns -1 instead of blocking.
	 */
	public static final int DEFAULT_TASK_QUEUE_CAPACITY = 4096;

	private final String host;

	private final int port;

	private final Mode mode;

	private final int reactorNum;

	private final int workerNum;

	private final DispatchMode dispatchMode;

	private final DispatchFunction dispatchFunction;

	private final int maxConnection;

	private final int backlog;

	private final boolean openTcpNodelay;

	private final int bufferOutputSize;

	private final int socketBufferSize;

	private final int bufferHighWatermark;

	private final int bufferLowWatermark;

	private final boolean enableUnsafeEvent;

	private final Duration maxWaitTime;

	private final int packetRingSize;

	private final FramingConfig framing;

	private final int maxRequest;

	private final int maxRequestGrace;

	private final int taskWorkerNum;

	private final int taskIpcMode;

	private final int taskQueueCapacity;

	private final Codec taskCodec;

	private final Duration heartbeatCheckInterval;

	private final Duration heartbeatIdleTime;

	private final int maxQueuedBytes;

	private final String workerEntry;

	private final List<String> workerArgs;

	private final List<String> workerJvmOptions;

	private final Duration workerConnectTimeout;

	private ServerConfig(Builder b, FramingConfig framing, int reactorNum, int high, int ring, MainClass entry) {
		this.host = b.host;
		this.port = b.port;
		this.mode = b.mode;
		this.reactorNum = reactorNum;
		this.workerNum = b.workerNum;
		this.dispatchMode = b.dispatchMode;
		this.dispatchFunction = b.dispatchFunction;
		this.maxConnection = b.maxConnection;
		this.backlog = b.backlog;
		this.openTcpNodelay = b.openTcpNodelay;
		this.bufferOutputSize = b.bufferOutputSize;
		this.socketBufferSize = b.socketBufferSize;
		this.bufferHighWatermark = high;
		this.bufferLowWatermark = b.bufferLowWatermark;
		this.enableUnsafeEvent = b.enableUnsafeEvent;
		this.maxWaitTime = b.maxWaitTime;
		this.packetRingSize = ring;
		this.framing = framing;
		this.taskWorkerNum = b.taskWorkerNum;
		this.taskIpcMode = b.taskIpcMode;
		this.taskQueueCapacity = b.taskQueueCapacity;
		this.taskCodec = b.taskCodec;
		this.heartbeatCheckInterval = b.heartbeatCheckInterval;
		this.heartbeatIdleTime = b.heartbeatIdleTime.isZero() ? b.heartbeatCheckInterval.multipliedBy(2)
				: b.heartbeatIdleTime;
		this.maxQueuedBytes = b.maxQueuedBytes;
		this.workerEntry = (entry != null) ? entry.name() : null;
		this.workerArgs = (entry != null) ? entry.args() : List.of();
		this.workerJvmOptions = List.copyOf(b.workerJvmOptions);
		this.workerConnectTimeout = b.workerConnectTimeout;
		this.maxRequest = b.maxRequest;
		this.maxRequestGrace = (b.maxRequestGrace >= 0) ? b.maxRequestGrace
				: ((b.maxRequest > 10) ? b.maxRequest / 2 : 0);
	}

	/**
	 * Data requests ({@code onReceive}) a THREAD-mode worker handles before it is
	 * recycled ({@code max_request}): it stops after its current event
	 * ({@code onWorkerStop}), and a new thread with the same worker id takes over its
	 * queue ({@code onWorkerStart}); nothing queued is lost and connections stay open. 0
	 * (the default) = never. Not applied in BASE mode, where a worker is the event loop
	 * owning its connections.
	 */
	public int maxRequest() {
		return this.maxRequest;
	}

	/**
	 * Effective {@code max_request_grace}: each worker generation's limit is
	 * {@code maxRequest + random(1 … grace)} (exactly {@code maxRequest} when 0).
	 */
	public int maxRequestGrace() {
		return this.maxRequestGrace;
	}

	/** A builder holding every default. */
	public static Builder builder() {
		return new Builder();
	}

	/** Address to bind (Swoole's {@code host}); default {@value #DEFAULT_HOST}. */
	public String host() {
		return this.host;
	}

	/** The configured port (0 = ephemeral; the bound port is {@link Server#port()}). */
	public int port() {
		return this.port;
	}

	/** Execution model; default THREAD. */
	public Mode mode() {
		return this.mode;
	}

	/**
	 * Effective reactor threads: as configured, but never more than {@code workerNum} in
	 * THREAD and PROCESS mode (Swoole's rule). Unused in BASE mode.
	 */
	public int reactorNum() {
		return this.reactorNum;
	}

	/** Worker threads (THREAD) or event loops (BASE). */
	public int workerNum() {
		return this.workerNum;
	}

	/** How events are spread over workers ({@code dispatch_mode}); default 2. */
	public DispatchMode dispatchMode() {
		return this.dispatchMode;
	}

	/** The mode-6 function, or null. */
	public DispatchFunction dispatchFunction() {
		return this.dispatchFunction;
	}

	/**
	 * Most simultaneous connections ({@code max_connection}); more are aborted and
	 * accepting pauses 1 s.
	 */
	public int maxConnection() {
		return this.maxConnection;
	}

	/** Listen backlog ({@code backlog}); default 512. */
	public int backlog() {
		return this.backlog;
	}

	/**
	 * Whether accepted sockets get TCP_NODELAY ({@code open_tcp_nodelay}); default true.
	 */
	public boolean openTcpNodelay() {
		return this.openTcpNodelay;
	}

	/**
	 * Largest single {@code send} payload ({@code buffer_output_size}); default
	 * unlimited.
	 */
	public int bufferOutputSize() {
		return this.bufferOutputSize;
	}

	/**
	 * Per-connection output queue limit ({@code socket_buffer_size}); at it, {@code send}
	 * returns false; default 8 MiB.
	 */
	public int socketBufferSize() {
		return this.socketBufferSize;
	}

	/** Effective high watermark in bytes (0.8 × {@code socketBufferSize} unless set). */
	public int bufferHighWatermark() {
		return this.bufferHighWatermark;
	}

	/**
	 * Queued bytes at which {@code onBufferEmpty} fires after a full
	 * ({@code buffer_low_watermark}); default 0.
	 */
	public int bufferLowWatermark() {
		return this.bufferLowWatermark;
	}

	/**
	 * Whether dispatch modes 1, 3 and 7 still deliver connection events
	 * ({@code enable_unsafe_event}).
	 */
	public boolean enableUnsafeEvent() {
		return this.enableUnsafeEvent;
	}

	/**
	 * How long {@link Server#shutdown()} lets workers finish queued events
	 * ({@code max_wait_time}); default 3 s.
	 */
	public Duration maxWaitTime() {
		return this.maxWaitTime;
	}

	/** Effective packet ring size per reactor thread, in bytes. */
	public int packetRingSize() {
		return this.packetRingSize;
	}

	/** Framing of the port, with {@code packageMaxLength} already raised to 64 KiB. */
	public FramingConfig framing() {
		return this.framing;
	}

	/**
	 * Task worker threads ({@code task_worker_num}), numbered {@code workerNum …
	 * workerNum + taskWorkerNum - 1}; default 0. When positive the handler must override
	 * {@link ServerHandler#onTask}.
	 */
	public int taskWorkerNum() {
		return this.taskWorkerNum;
	}

	/**
	 * How tasks reach task workers ({@code task_ipc_mode}): {@link #TASK_IPC_TARGETED} or
	 * {@link #TASK_IPC_PREEMPTIVE}; default 1.
	 */
	public int taskIpcMode() {
		return this.taskIpcMode;
	}

	/**
	 * Messages (tasks and pipe messages) one task queue holds; past it {@code task()}
	 * returns -1 and {@code sendMessage} false.
	 */
	public int taskQueueCapacity() {
		return this.taskQueueCapacity;
	}

	/**
	 * Codec of task, result and pipe-message values other than {@code byte[]} and
	 * {@code String}, or null when only those two are used.
	 */
	public Codec taskCodec() {
		return this.taskCodec;
	}

	/** Whether connection events reach the handler under this dispatch mode. */
	public boolean deliversConnectionEvents() {
		return this.mode == Mode.BASE || this.enableUnsafeEvent || this.dispatchMode.deliversConnectionEvents();
	}

	/**
	 * How often each reactor thread looks for idle connections
	 * ({@code heartbeat_check_interval}); zero (the default) turns the heartbeat off.
	 */
	public Duration heartbeatCheckInterval() {
		return this.heartbeatCheckInterval;
	}

	/**
	 * Silence after which the heartbeat closes a connection
	 * ({@code heartbeat_idle_time}); twice the check interval unless set. Zero when the
	 * heartbeat is off.
	 */
	public Duration heartbeatIdleTime() {
		return this.heartbeatIdleTime;
	}

	/** Whether the heartbeat check runs. */
	public boolean heartbeatEnabled() {
		return !this.heartbeatCheckInterval.isZero();
	}

	/**
	 * Bytes of one connection queued to workers and not yet taken
	 * ({@code max_queued_bytes}) above which its reading pauses until workers catch up; 0
	 * = no limit. THREAD mode only: BASE-mode callbacks run inline, so nothing queues.
	 */
	public int maxQueuedBytes() {
		return this.maxQueuedBytes;
	}

	/**
	 * PROCESS mode: the class a worker JVM runs, a {@code main} class that builds this
	 * server and calls {@link Server#start()} (which then serves as the worker). Default:
	 * the main class of the JVM that built this configuration (for {@code java -jar}, the
	 * jar's {@code Start-Class} or {@code Main-Class}); null outside PROCESS mode when
	 * none could be found.
	 */
	public String workerEntry() {
		return this.workerEntry;
	}

	/**
	 * PROCESS mode: the arguments of a worker JVM's main; default the arguments this JVM
	 * got, when {@link #workerEntry()} was found from this JVM's command line (split at
	 * spaces), else none.
	 */
	public List<String> workerArgs() {
		return this.workerArgs;
	}

	/**
	 * PROCESS mode: JVM options a worker JVM gets after this JVM's own (so they win), for
	 * example {@code -Xmx256m}; default none.
	 */
	public List<String> workerJvmOptions() {
		return this.workerJvmOptions;
	}

	/**
	 * PROCESS mode: how long a worker JVM may take to start and connect before it is
	 * killed and started again; default {@value #DEFAULT_WORKER_CONNECT_TIMEOUT_SECONDS}
	 * s.
	 */
	public Duration workerConnectTimeout() {
		return this.workerConnectTimeout;
	}

	@Override
	public String toString() {
		return "ServerConfig[host=" + this.host + ", port=" + this.port + ", mode=" + this.mode + ", reactorNum="
				+ this.reactorNum + ", workerNum=" + this.workerNum + ", dispatchMode=" + this.dispatchMode.id()
				+ ", maxConnection=" + this.maxConnection + ", backlog=" + this.backlog + ", openTcpNodelay="
				+ this.openTcpNodelay + ", bufferOutputSize=" + this.bufferOutputSize + ", socketBufferSize="
				+ this.socketBufferSize + ", bufferHighWatermark=" + this.bufferHighWatermark + ", bufferLowWatermark="
				+ this.bufferLowWatermark + ", enableUnsafeEvent=" + this.enableUnsafeEvent + ", maxWaitTime="
				+ this.maxWaitTime + ", packetRingSize=" + this.packetRingSize + ", framing=" + this.framing
				+ ", heartbeatCheckInterval=" + this.heartbeatCheckInterval + ", heartbeatIdleTime="
				+ this.heartbeatIdleTime + ", maxQueuedBytes=" + this.maxQueuedBytes + "]";
	}

	/** Mutable builder. Not thread-safe. */
	public static final class Builder {

		private String host = DEFAULT_HOST;

		private int port = DEFAULT_PORT;

		private Mode mode = DEFAULT_MODE;

		private int reactorNum = DEFAULT_REACTOR_NUM;

		private int workerNum = DEFAULT_WORKER_NUM;

		private DispatchMode dispatchMode = DEFAULT_DISPATCH_MODE;

		private DispatchFunction dispatchFunction;

		private int maxConnection = DEFAULT_MAX_CONNECTION;

		private int backlog = DEFAULT_BACKLOG;

		private boolean openTcpNodelay = DEFAULT_OPEN_TCP_NODELAY;

		private int bufferOutputSize = DEFAULT_BUFFER_OUTPUT_SIZE;

		private int socketBufferSize = DEFAULT_SOCKET_BUFFER_SIZE;

		private int bufferHighWatermark = DEFAULT_BUFFER_HIGH_WATERMARK;

		private int bufferLowWatermark = DEFAULT_BUFFER_LOW_WATERMARK;

		private boolean enableUnsafeEvent = DEFAULT_ENABLE_UNSAFE_EVENT;

		private Duration maxWaitTime = DEFAULT_MAX_WAIT_TIME;

		private int packetRingSize = DEFAULT_PACKET_RING_SIZE;

		private final FramingConfig.Builder framing = FramingConfig.builder();

		private int maxRequest = DEFAULT_MAX_REQUEST;

		private int maxRequestGrace = DEFAULT_MAX_REQUEST_GRACE;

		private int taskWorkerNum = DEFAULT_TASK_WORKER_NUM;

		private int taskIpcMode = DEFAULT_TASK_IPC_MODE;

		private int taskQueueCapacity = DEFAULT_TASK_QUEUE_CAPACITY;

		private Codec taskCodec;

		private Duration heartbeatCheckInterval = DEFAULT_HEARTBEAT_CHECK_INTERVAL;

		private Duration heartbeatIdleTime = DEFAULT_HEARTBEAT_IDLE_TIME;

		private int maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;

		private String workerEntry;

		private List<String> workerArgs;

		private final List<String> workerJvmOptions = new java.util.ArrayList<>();

		private Duration workerConnectTimeout = Duration.ofSeconds(DEFAULT_WORKER_CONNECT_TIMEOUT_SECONDS);

		private Builder() {
		}

		/** Task worker threads ({@code task_worker_num}); default 0. */
		public Builder taskWorkerNum(int taskWorkerNum) {
			this.taskWorkerNum = taskWorkerNum;
			return this;
		}

		/**
		 * How often idle connections are looked for ({@code heartbeat_check_interval},
		 * millisecond resolution); zero (the default) turns the heartbeat off.
		 */
		public Builder heartbeatCheckInterval(Duration interval) {
			this.heartbeatCheckInterval = interval;
			return this;
		}

		/**
		 * {@code task_ipc_mode}: 1 (targeted, idle-first) or 3 (preemptive); default 1.
		 */
		public Builder taskIpcMode(int taskIpcMode) {
			this.taskIpcMode = taskIpcMode;
			return this;
		}

		/** Messages one task queue holds; default 4096. */
		public Builder taskQueueCapacity(int taskQueueCapacity) {
			this.taskQueueCapacity = taskQueueCapacity;
			return this;
		}

		/**
		 * Silence after which a connection is closed ({@code heartbeat_idle_time},
		 * millisecond resolution); zero (the default) means twice the check interval.
		 */
		public Builder heartbeatIdleTime(Duration idleTime) {
			this.heartbeatIdleTime = idleTime;
			return this;
		}

		/**
		 * Codec for task, result and pipe-message values other than {@code byte[]} and
		 * {@code String}; default none. Must be thread-safe.
		 */
		public Builder taskCodec(Codec taskCodec) {
			this.taskCodec = taskCodec;
			return this;
		}

		/**
		 * Bytes of one connection queued to workers above which its reading pauses
		 * ({@code max_queued_bytes}); 0 (the default) = no limit.
		 */
		public Builder maxQueuedBytes(int bytes) {
			this.maxQueuedBytes = bytes;
			return this;
		}

		/** Address to bind (Swoole's {@code host}); default {@value #DEFAULT_HOST}. */
		/**
		 * PROCESS mode: the main class a worker JVM runs and its arguments; see
		 * {@link ServerConfig#workerEntry()}.
		 */
		public Builder workerEntry(String mainClass, String... args) {
			this.workerEntry = mainClass;
			this.workerArgs = List.of(Checks.checkNotNull(args, "args"));
			return this;
		}

		/** PROCESS mode: the main class a worker JVM runs and its arguments. */
		public Builder workerEntry(Class<?> mainClass, String... args) {
			return workerEntry(Checks.checkNotNull(mainClass, "mainClass").getName(), args);
		}

		/** PROCESS mode: adds JVM options for worker JVMs. */
		public Builder workerJvmOptions(List<String> options) {
			for (String option : Checks.checkNotNull(options, "options")) {
				this.workerJvmOptions.add(Checks.checkNotEmpty(option, "option"));
			}
			return this;
		}

		/** PROCESS mode: how long a worker JVM may take to connect. */
		public Builder workerConnectTimeout(Duration timeout) {
			this.workerConnectTimeout = timeout;
			return this;
		}

		public Builder host(String host) {
			this.host = host;
			return this;
		}

		/** Port to bind, 0 for an ephemeral one (Swoole's {@code port}). */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/** Execution model; default THREAD. */
		public Builder mode(Mode mode) {
			this.mode = mode;
			return this;
		}

		/**
		 * Reactor threads in THREAD mode ({@code reactor_num}); default the CPU count,
		 * capped at 8.
		 */
		public Builder reactorNum(int reactorNum) {
			this.reactorNum = reactorNum;
			return this;
		}

		/**
		 * Worker threads, or event loops in BASE mode ({@code worker_num}); default the
		 * CPU count.
		 */
		public Builder workerNum(int workerNum) {
			this.workerNum = workerNum;
			return this;
		}

		/** How events are spread over workers ({@code dispatch_mode}); default 2. */
		public Builder dispatchMode(DispatchMode dispatchMode) {
			this.dispatchMode = dispatchMode;
			return this;
		}

		/** Sets the dispatch mode by Swoole's number (1 to 8). */
		public Builder dispatchMode(int id) {
			this.dispatchMode = DispatchMode.ofId(id);
			return this;
		}

		/** Sets the function of dispatch mode 6. */
		public Builder dispatchFunction(DispatchFunction function) {
			this.dispatchFunction = function;
			return this;
		}

		/**
		 * Most simultaneous connections ({@code max_connection}); more are aborted and
		 * accepting pauses 1 s.
		 */
		public Builder maxConnection(int maxConnection) {
			this.maxConnection = maxConnection;
			return this;
		}

		/** Listen backlog ({@code backlog}); default 512. */
		public Builder backlog(int backlog) {
			this.backlog = backlog;
			return this;
		}

		/**
		 * Whether accepted sockets get TCP_NODELAY ({@code open_tcp_nodelay}); default
		 * true.
		 */
		public Builder openTcpNodelay(boolean openTcpNodelay) {
			this.openTcpNodelay = openTcpNodelay;
			return this;
		}

		/**
		 * Largest single {@code send} payload ({@code buffer_output_size}); default
		 * unlimited.
		 */
		public Builder bufferOutputSize(int bufferOutputSize) {
			this.bufferOutputSize = bufferOutputSize;
			return this;
		}

		/**
		 * Per-connection output queue limit ({@code socket_buffer_size}); at it,
		 * {@code send} returns false; default 8 MiB.
		 */
		public Builder socketBufferSize(int socketBufferSize) {
			this.socketBufferSize = socketBufferSize;
			return this;
		}

		/**
		 * Queued bytes at which {@code onBufferFull} fires
		 * ({@code buffer_high_watermark}); 0 = 0.8 × socketBufferSize.
		 */
		public Builder bufferHighWatermark(int bytes) {
			this.bufferHighWatermark = bytes;
			return this;
		}

		/**
		 * Queued bytes at which {@code onBufferEmpty} fires after a full
		 * ({@code buffer_low_watermark}); default 0.
		 */
		public Builder bufferLowWatermark(int bytes) {
			this.bufferLowWatermark = bytes;
			return this;
		}

		/**
		 * Whether dispatch modes 1, 3 and 7 still deliver connection events
		 * ({@code enable_unsafe_event}).
		 */
		public Builder enableUnsafeEvent(boolean enableUnsafeEvent) {
			this.enableUnsafeEvent = enableUnsafeEvent;
			return this;
		}

		/**
		 * How long {@link Server#shutdown()} lets workers finish queued events
		 * ({@code max_wait_time}); default 3 s.
		 */
		public Builder maxWaitTime(Duration maxWaitTime) {
			this.maxWaitTime = maxWaitTime;
			return this;
		}

		/**
		 * Bytes of the per-reactor packet ring (THREAD mode); raised to hold two largest
		 * packets.
		 */
		public Builder packetRingSize(int bytes) {
			this.packetRingSize = bytes;
			return this;
		}

		/** Copies every framing setting from {@code framing}. */
		public Builder framing(FramingConfig framing) {
			Checks.checkNotNull(framing, "framing");
			return openLengthCheck(framing.openLengthCheck()).packageLengthType(framing.packageLengthType().code())
				.packageLengthOffset(framing.packageLengthOffset())
				.packageBodyOffset(framing.packageBodyOffset())
				.packageMaxLength(framing.packageMaxLength())
				.openEofCheck(framing.openEofCheck())
				.openEofSplit(framing.openEofSplit())
				.packageEof(framing.packageEof());
		}

		/** Whether packets are length-prefixed ({@code open_length_check}). */
		public Builder openLengthCheck(boolean value) {
			this.framing.openLengthCheck(value);
			return this;
		}

		/**
		 * Pack code of the length field ({@code package_length_type}), one of c C s S n v
		 * l L i I N V q Q J P; default N.
		 */
		public Builder packageLengthType(char code) {
			this.framing.packageLengthType(code);
			return this;
		}

		/** Offset of the length field ({@code package_length_offset}); default 0. */
		public Builder packageLengthOffset(int value) {
			this.framing.packageLengthOffset(value);
			return this;
		}

		/**
		 * Added to the length field to get the packet's total length
		 * ({@code package_body_offset}); default 4.
		 */
		public Builder packageBodyOffset(int value) {
			this.framing.packageBodyOffset(value);
			return this;
		}

		private int packageMaxLength = FramingConfig.DEFAULT_PACKAGE_MAX_LENGTH;

		/**
		 * Largest accepted packet ({@code package_max_length}); default 2 MiB, raised to
		 * at least 64 KiB.
		 */
		public Builder packageMaxLength(int value) {
			this.packageMaxLength = value;
			return this;
		}

		/**
		 * Whether packets end where a read ends with the EOF marker
		 * ({@code open_eof_check}).
		 */
		public Builder openEofCheck(boolean value) {
			this.framing.openEofCheck(value);
			return this;
		}

		/**
		 * Whether packets are cut at every EOF marker ({@code open_eof_split}); implies
		 * EOF check.
		 */
		public Builder openEofSplit(boolean value) {
			this.framing.openEofSplit(value);
			return this;
		}

		/** The EOF marker, 1 to 8 bytes ({@code package_eof}); default CR LF CR LF. */
		public Builder packageEof(byte[] value) {
			this.framing.packageEof(value);
			return this;
		}

		/** The EOF marker, 1 to 8 bytes ({@code package_eof}); default CR LF CR LF. */
		public Builder packageEof(String value) {
			this.framing.packageEof(value);
			return this;
		}

		/** See {@link ServerConfig#maxRequest()}; default 0 (never). */
		public Builder maxRequest(int maxRequest) {
			this.maxRequest = maxRequest;
			return this;
		}

		/**
		 * See {@link ServerConfig#maxRequestGrace()}; default -1 (derived from
		 * {@code maxRequest}).
		 */
		public Builder maxRequestGrace(int maxRequestGrace) {
			this.maxRequestGrace = maxRequestGrace;
			return this;
		}

		/**
		 * Validates all settings together and returns the immutable configuration.
		 * @throws IllegalArgumentException naming the first invalid setting, in the shape
		 * {@code workerNum: 0 (expected: > 0)}
		 */
		public ServerConfig build() {
			Checks.checkNotEmpty(this.host, "host");
			Checks.checkInRange(this.port, 0, 65535, "port");
			Checks.checkNotNull(this.mode, "mode");
			Checks.checkNotNull(this.workerConnectTimeout, "workerConnectTimeout");
			if (this.workerConnectTimeout.toMillis() < 1) {
				throw Checks.fail("workerConnectTimeout", this.workerConnectTimeout, ">= 1 ms");
			}
			MainClass entry = (this.workerEntry != null) ? new MainClass(this.workerEntry, this.workerArgs)
					: ((this.mode == Mode.PROCESS) ? MainClass.ofThisJvm() : null);
			if (this.mode == Mode.PROCESS) {
				if (entry == null || entry.name().isEmpty()) {
					throw Checks.fail("workerEntry", this.workerEntry,
							"the main class worker JVMs run (none found on this JVM's command line)");
				}
			}
			Checks.checkInRange(this.reactorNum, 1, Math.max(4 * CPU_COUNT, 8), "reactorNum");
			Checks.checkInRange(this.workerNum, 1, 1000 * CPU_COUNT, "workerNum");
			Checks.checkNotNull(this.dispatchMode, "dispatchMode");
			if (this.dispatchMode == DispatchMode.USERFUNC && this.dispatchFunction == null) {
				throw Checks.fail("dispatchFunction", null, "not null when dispatchMode is 6");
			}
			Checks.checkInRange(this.maxConnection, 1, MAX_CONNECTION_LIMIT, "maxConnection");
			Checks.checkPositive(this.backlog, "backlog");
			Checks.checkPositive(this.bufferOutputSize, "bufferOutputSize");
			Checks.checkPositive(this.socketBufferSize, "socketBufferSize");
			Checks.checkInRange(this.bufferHighWatermark, 0, this.socketBufferSize, "bufferHighWatermark");
			int high = (this.bufferHighWatermark == 0) ? (int) (this.socketBufferSize * 0.8d)
					: this.bufferHighWatermark;
			Checks.checkInRange(this.bufferLowWatermark, 0, high - 1, "bufferLowWatermark");
			Checks.checkNotNull(this.maxWaitTime, "maxWaitTime");
			if (this.maxWaitTime.isNegative()) {
				throw Checks.fail("maxWaitTime", this.maxWaitTime, ">= 0");
			}
			Checks.checkPositive(this.packageMaxLength, "packageMaxLength");
			Checks.checkPositive(this.packetRingSize, "packetRingSize");
			Checks.checkPositiveOrZero(this.maxRequest, "maxRequest");
			Checks.checkInRange(this.maxRequestGrace, -1, Integer.MAX_VALUE - this.maxRequest, "maxRequestGrace");

			Checks.checkInRange(this.taskWorkerNum, 0, 1000 * CPU_COUNT, "taskWorkerNum");
			if (this.taskIpcMode != TASK_IPC_TARGETED && this.taskIpcMode != TASK_IPC_PREEMPTIVE) {
				throw Checks.fail("taskIpcMode", this.taskIpcMode, "1 or 3");
			}
			Checks.checkPositive(this.taskQueueCapacity, "taskQueueCapacity");
			checkMillis(this.heartbeatCheckInterval, "heartbeatCheckInterval");
			checkMillis(this.heartbeatIdleTime, "heartbeatIdleTime");
			if (this.heartbeatCheckInterval.isZero() && !this.heartbeatIdleTime.isZero()) {
				throw Checks.fail("heartbeatCheckInterval", this.heartbeatCheckInterval,
						"> 0 when heartbeatIdleTime is set");
			}
			Checks.checkInRange(this.maxQueuedBytes, 0, Integer.MAX_VALUE, "maxQueuedBytes");
			FramingConfig framingConfig = this.framing
				.packageMaxLength(Math.max(this.packageMaxLength, MIN_PACKAGE_MAX_LENGTH))
				.build();
			// PROCESS as THREAD: no more reactors than workers, so that with fd-mod
			// dispatch a connection's reactor is also the one serving its worker's socket
			int reactors = (this.mode != Mode.BASE) ? Math.min(this.reactorNum, this.workerNum) : this.reactorNum;
			// a ring must hold at least two of the largest packets, or one large packet
			// in a worker would stall its reactor for every other connection
			long minRing = 2L * (framingConfig.packageMaxLength() + 64L);
			int ring = (int) Math.min(Integer.MAX_VALUE & ~7, Math.max(this.packetRingSize, minRing));
			return new ServerConfig(this, framingConfig, reactors, high, (ring + 7) & ~7, entry);
		}

		private static void checkMillis(Duration value, String name) {
			Checks.checkNotNull(value, name);
			if (value.isNegative() || (!value.isZero() && value.toMillis() < 1)) {
				throw Checks.fail(name, value, "0 or at least 1 ms");
			}
		}

	}

}
