package io.swoole4j.process;

import java.io.EOFException;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.ipc.MessagePipe;
import io.swoole4j.ipc.MessageQueue;
import io.swoole4j.ipc.PipeListener;

/**
 * A child JVM running a {@link ProcessEntry} or a {@code main} class: Swoole's
 * {@code Swoole\Process}. The JVM cannot fork, so the child is a new JVM with this JVM's
 * java, JVM options (plus {@code --enable-native-access=ALL-UNNAMED}) and class path; the
 * entry is named by class, not passed as a closure.
 * <p>
 * The parent and the child talk over a duplex, message-preserving pipe (a
 * {@link MessagePipe}: a Unix domain stream socket with length framing, its socket file
 * in a private 0700 directory removed once the child connected) and, if
 * {@link Builder#useQueue(MessageQueue) set}, a System V {@link MessageQueue}. The child
 * sees them through its {@link ProcessContext}. A child exits when its parent dies, also
 * after SIGKILL (see {@link ProcessMain}), so no JVM is left orphaned.
 * <p>
 * {@link #start()} returns as soon as the JVM is launched; the first pipe operation waits
 * until the child has connected (at most {@link Builder#connectTimeout(Duration)}).
 * <p>
 * Threading: every method may be called from any thread. Reads and writes follow
 * {@link MessagePipe}'s rules (frames never interleave).
 */
public final class Process implements AutoCloseable {

	/**
	 * JVM options that make a small child start fast (C1 only, class-data sharing, serial
	 * GC), for tests and short-lived helpers; long-running workers are better off with
	 * the parent's own options.
	 */
	public static final List<String> FAST_START_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto",
			"-XX:+UseSerialGC");

	private static final Logger logger = LoggerFactory.getLogger(Process.class);

	private static final long ACCEPT_SLICE_MILLIS = 100;

	private final ProcessSpec spec;

	private final ReentrantLock connectLock = new ReentrantLock();

	private final Object startLock = new Object();

	private volatile java.lang.Process process;

	private volatile CompletableFuture<ExitStatus> exit;

	private PipeListener listener;

	private volatile MessagePipe pipe;

	Process(ProcessSpec spec) {
		this.spec = spec;
	}

	/**
	 * Starts building a process that runs {@code entry}.
	 * @param entry a {@link ProcessEntry} with a public no-argument constructor, or a
	 * class with {@code public static void main(String[])}
	 * @return the builder
	 * @throws IllegalArgumentException if the class is neither
	 */
	public static Builder builder(Class<?> entry) {
		Checks.checkNotNull(entry, "entry");
		if (ProcessEntry.class.isAssignableFrom(entry)) {
			try {
				entry.getConstructor();
			}
			catch (NoSuchMethodException ex) {
				throw Checks.fail("entry", entry.getName(), "a public no-argument constructor");
			}
		}
		else if (!hasMain(entry)) {
			throw Checks.fail("entry", entry.getName(),
					"a " + ProcessEntry.class.getSimpleName() + " or a class with public static void main(String[])");
		}
		return new Builder(entry.getName(), entry.getSimpleName());
	}

	/**
	 * Starts building a process that runs the class named {@code entryClass}, which only
	 * the child needs to be able to load.
	 * @param entryClass the binary name of a {@link ProcessEntry} or {@code main} class
	 * @return the builder
	 */
	public static Builder builder(String entryClass) {
		Checks.checkNotEmpty(entryClass, "entryClass");
		return new Builder(entryClass, entryClass.substring(entryClass.lastIndexOf('.') + 1));
	}

	private static boolean hasMain(Class<?> type) {
		try {
			return java.lang.reflect.Modifier.isStatic(type.getMethod("main", String[].class).getModifiers());
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	/**
	 * Sends a signal to any process (Swoole's {@code Process::kill}).
	 * @param pid the process id
	 * @param signal the signal
	 * @return false if no such process exists or it may not be signalled
	 */
	public static boolean kill(long pid, Signal signal) {
		return Signals.kill(pid, signal);
	}

	/**
	 * Sends a signal by number; 0 only tests that the process exists.
	 * @param pid the process id
	 * @param signal 0 to 64
	 * @return false if no such process exists or it may not be signalled
	 */
	public static boolean kill(long pid, int signal) {
		return Signals.kill(pid, signal);
	}

	/**
	 * Launches the child JVM. Returns without waiting for it to come up.
	 * @return the child's pid
	 * @throws IllegalStateException if already started
	 * @throws IOException if the JVM or the pipe's socket cannot be made
	 */
	public long start() throws IOException {
		synchronized (this.startLock) {
			if (this.process != null) {
				throw new IllegalStateException("process " + this.spec.name() + " already started");
			}
			Map<String, String> properties = new LinkedHashMap<>();
			properties.put(ProcessMain.ENTRY, this.spec.entryClass());
			properties.put(ProcessMain.NAME, this.spec.name());
			properties.put(ProcessMain.ID, Integer.toString(this.spec.id()));
			properties.put(ProcessMain.PARENT, Long.toString(Native.pid()));
			PipeListener listener = null;
			if (this.spec.pipe()) {
				listener = PipeListener.open();
				properties.put(ProcessMain.PIPE, listener.address());
				properties.put(ProcessMain.MAX_MESSAGE_LENGTH, Integer.toString(this.spec.maxMessageLength()));
			}
			if (this.spec.queue() != null) {
				properties.put(ProcessMain.QUEUE, Integer.toString(this.spec.queue().id()));
			}
			List<String> command = ChildCommand.build(this.spec, properties);
			java.lang.Process started;
			try {
				// standard input stays a pipe that only this JVM holds: the child's
				// lifeline
				started = new ProcessBuilder(command).redirectInput(Redirect.PIPE)
					.redirectOutput(this.spec.output())
					.redirectError(this.spec.error())
					.start();
			}
			catch (IOException | RuntimeException ex) {
				if (listener != null) {
					listener.close();
				}
				throw ex;
			}
			logger.debug("Started process {} (pid {}): {}", this.spec.name(), started.pid(), command);
			this.listener = listener;
			this.exit = started.onExit().thenApply((ended) -> ExitStatus.of(ended.pid(), ended.exitValue()));
			this.process = started;
			return started.pid();
		}
	}

	/**
	 * Returns the child's pid.
	 * @return the pid, or -1 before {@link #start()}
	 */
	public long pid() {
		java.lang.Process started = this.process;
		return (started != null) ? started.pid() : -1;
	}

	/**
	 * Returns the display name, which the child uses as its main thread's name.
	 * @return the name
	 */
	public String name() {
		return this.spec.name();
	}

	/**
	 * Returns the id passed to the child ({@link ProcessContext#id()}).
	 * @return the id
	 */
	public int id() {
		return this.spec.id();
	}

	/**
	 * Tells whether the child runs.
	 * @return false before start and after exit
	 */
	public boolean isAlive() {
		java.lang.Process started = this.process;
		return started != null && started.isAlive();
	}

	/**
	 * Returns the parent's end of the pipe, waiting for the child to connect the first
	 * time.
	 * @return the pipe
	 * @throws IOException if the child exited or did not connect within the connect
	 * timeout
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if not started, or started without a pipe
	 */
	public MessagePipe pipe() throws IOException, InterruptedException {
		MessagePipe connected = this.pipe;
		if (connected != null) {
			return connected;
		}
		java.lang.Process started = started();
		if (!this.spec.pipe()) {
			throw new IllegalStateException("process " + this.spec.name() + " was started without a pipe");
		}
		this.connectLock.lockInterruptibly();
		try {
			if (this.pipe == null) {
				this.pipe = accept(started);
			}
			return this.pipe;
		}
		finally {
			this.connectLock.unlock();
		}
	}

	private MessagePipe accept(java.lang.Process started) throws IOException, InterruptedException {
		PipeListener listener = this.listener;
		if (listener == null) {
			throw new EOFException("the pipe of process " + this.spec.name() + " was closed");
		}
		long deadline = System.nanoTime() + this.spec.connectTimeout().toNanos();
		try {
			while (true) {
				MessagePipe accepted = listener.acceptMessage(Duration.ofMillis(ACCEPT_SLICE_MILLIS),
						this.spec.maxMessageLength());
				if (accepted != null) {
					return accepted;
				}
				if (!started.isAlive()) {
					throw new EOFException("process " + this.spec.name() + " (pid " + started.pid() + ") exited with "
							+ started.exitValue() + " before connecting its pipe");
				}
				if (System.nanoTime() - deadline > 0) {
					throw new IOException("process " + this.spec.name() + " (pid " + started.pid()
							+ ") did not connect its pipe within " + this.spec.connectTimeout());
				}
			}
		}
		finally {
			// one connection per child: the socket file and its directory go now
			listener.close();
			this.listener = null;
		}
	}

	private java.lang.Process started() {
		java.lang.Process started = this.process;
		if (started == null) {
			throw new IllegalStateException("process " + this.spec.name() + " is not started");
		}
		return started;
	}

	/**
	 * Returns the pipe's socket for registration with a reactor's selector; waits for the
	 * child to connect like {@link #pipe()}.
	 * @return the non-blocking channel
	 * @throws IOException if the child did not connect
	 * @throws InterruptedException if interrupted while waiting
	 */
	public SelectableChannel channel() throws IOException, InterruptedException {
		return pipe().channel();
	}

	/**
	 * Sends one message to the child, waiting while the socket buffer is full.
	 * @param message the bytes, possibly empty
	 * @throws IOException if the child is gone
	 * @throws InterruptedException if interrupted while waiting for the child to connect
	 */
	public void write(byte[] message) throws IOException, InterruptedException {
		pipe().send(message);
	}

	/**
	 * Receives the child's next message, waiting for it.
	 * @return the message
	 * @throws EOFException if the child closed its end or exited
	 * @throws IOException if the pipe failed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public byte[] read() throws IOException, InterruptedException {
		return pipe().receive();
	}

	/**
	 * Receives the child's next message, waiting at most {@code timeout} (not counting
	 * the wait for the child to connect).
	 * @param timeout the longest wait
	 * @return the message, or null if none arrived in time
	 * @throws EOFException if the child closed its end or exited
	 * @throws IOException if the pipe failed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public byte[] read(Duration timeout) throws IOException, InterruptedException {
		Checks.checkNotNull(timeout, "timeout");
		return pipe().receive(timeout);
	}

	/**
	 * Returns the message queue shared with the child.
	 * @return the queue, or null if none was set
	 */
	public MessageQueue queue() {
		return this.spec.queue();
	}

	/**
	 * Pushes a message on the shared queue, waiting while it is full.
	 * @param type the message type, &gt; 0
	 * @param message the bytes
	 * @throws IllegalStateException if no queue was set or it was destroyed
	 */
	public void push(long type, byte[] message) {
		requireQueue().push(type, message);
	}

	/**
	 * Pops a message of {@code type} from the shared queue, waiting for one.
	 * @param type 0 for any type, &gt; 0 for exactly this type
	 * @return the bytes
	 * @throws IllegalStateException if no queue was set or it was destroyed
	 */
	public byte[] pop(long type) {
		return requireQueue().pop(type);
	}

	private MessageQueue requireQueue() {
		MessageQueue queue = this.spec.queue();
		if (queue == null) {
			throw new IllegalStateException("process " + this.spec.name() + " has no queue");
		}
		return queue;
	}

	/**
	 * Sends a signal to the child.
	 * @param signal the signal
	 * @return false if the child is not running
	 */
	public boolean kill(Signal signal) {
		Checks.checkNotNull(signal, "signal");
		return isAlive() && Signals.kill(pid(), signal);
	}

	/**
	 * Returns a future completed when the child exits.
	 * @return a new future on each call; completing it has no effect on the child
	 * @throws IllegalStateException if not started
	 */
	public CompletableFuture<ExitStatus> onExit() {
		started();
		return this.exit.copy();
	}

	/**
	 * Waits for the child to exit (Swoole's {@code Process::wait}).
	 * @return how it ended
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if not started
	 */
	public ExitStatus waitFor() throws InterruptedException {
		started();
		try {
			return this.exit.get();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("waiting for process " + this.spec.name() + " failed", ex.getCause());
		}
	}

	/**
	 * Waits at most {@code timeout} for the child to exit.
	 * @param timeout the longest wait
	 * @return how it ended, or null if it still runs
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if not started
	 */
	public ExitStatus waitFor(Duration timeout) throws InterruptedException {
		Checks.checkNotNull(timeout, "timeout");
		started();
		try {
			return this.exit.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			return null;
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("waiting for process " + this.spec.name() + " failed", ex.getCause());
		}
	}

	/**
	 * Stops the child gracefully: SIGTERM (the child's JVM runs its shutdown hooks), then
	 * SIGKILL if it still runs after {@code maxWaitTime}.
	 * @param maxWaitTime how long the child may take to exit after SIGTERM
	 * @return how it ended
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if not started
	 */
	public ExitStatus stop(Duration maxWaitTime) throws InterruptedException {
		Checks.checkNotNull(maxWaitTime, "maxWaitTime");
		kill(Signal.TERM);
		ExitStatus status = waitFor(maxWaitTime);
		if (status == null) {
			logger.warn("Process {} (pid {}) still runs {} after SIGTERM: killing it", this.spec.name(), pid(),
					maxWaitTime);
			kill(Signal.KILL);
			status = waitFor();
		}
		return status;
	}

	/**
	 * Stops the child if it still runs ({@link #stop(Duration)} with the builder's max
	 * wait time) and closes the pipe. Idempotent.
	 */
	@Override
	public void close() {
		java.lang.Process started = this.process;
		try {
			if (started != null && started.isAlive()) {
				stop(this.spec.maxWaitTime());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			started.destroyForcibly();
		}
		finally {
			closeQuietly();
		}
	}

	/**
	 * Closes the pipe, the listener and the lifeline without waiting for the child.
	 */
	void closeQuietly() {
		this.connectLock.lock();
		try {
			closeQuietly(this.pipe);
			closeQuietly(this.listener);
			this.listener = null;
			java.lang.Process started = this.process;
			if (started != null) {
				closeQuietly(started.getOutputStream());
			}
		}
		finally {
			this.connectLock.unlock();
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			logger.debug("Closing {} failed", closeable, ex);
		}
	}

	@Override
	public String toString() {
		return "Process[" + this.spec.name() + ", pid " + pid() + "]";
	}

	/**
	 * Settings of a child process. Not thread-safe; {@link #build()} validates and
	 * copies.
	 */
	public static final class Builder {

		private final String entryClass;

		private String name;

		private int id;

		private final List<String> args = new ArrayList<>();

		private final List<String> jvmOptions = new ArrayList<>();

		private boolean inheritJvmOptions = true;

		private boolean pipe = true;

		private int maxMessageLength = MessagePipe.DEFAULT_MAX_MESSAGE_LENGTH;

		private MessageQueue queue;

		private Duration connectTimeout = Duration.ofSeconds(60);

		private Duration maxWaitTime = Duration.ofSeconds(10);

		private Redirect output = Redirect.INHERIT;

		private Redirect error = Redirect.INHERIT;

		Builder(String entryClass, String name) {
			this.entryClass = entryClass;
			this.name = name;
		}

		/**
		 * Sets the display name: the child's main thread name and its
		 * {@code swoole4j.process.name} property. Defaults to the entry's simple name.
		 * @param name the name
		 * @return this builder
		 */
		public Builder name(String name) {
			this.name = Checks.checkNotEmpty(name, "name");
			return this;
		}

		/**
		 * Sets the id the child sees as {@link ProcessContext#id()}. Defaults to 0.
		 * @param id the id, &gt;= 0
		 * @return this builder
		 */
		public Builder id(int id) {
			this.id = Checks.checkPositiveOrZero(id, "id");
			return this;
		}

		/**
		 * Adds arguments for the entry ({@link ProcessContext#args()}, or {@code main}'s
		 * array).
		 * @param args the arguments
		 * @return this builder
		 */
		public Builder args(String... args) {
			for (String arg : Checks.checkNotNull(args, "args")) {
				this.args.add(Checks.checkNotNull(arg, "arg"));
			}
			return this;
		}

		/**
		 * Adds JVM options for the child, after the inherited ones (so they win), e.g.
		 * {@link Process#FAST_START_OPTIONS} or {@code -Xmx256m}. A garbage collector
		 * chosen here replaces the inherited one.
		 * @param options the options
		 * @return this builder
		 */
		public Builder jvmOptions(List<String> options) {
			for (String option : Checks.checkNotNull(options, "options")) {
				this.jvmOptions.add(Checks.checkNotEmpty(option, "option"));
			}
			return this;
		}

		/**
		 * Sets whether the child gets this JVM's options (from
		 * {@code RuntimeMXBean.getInputArguments()}, debugger agents left out). Defaults
		 * to true.
		 * @param inherit false to start from the child's own options only
		 * @return this builder
		 */
		public Builder inheritJvmOptions(boolean inherit) {
			this.inheritJvmOptions = inherit;
			return this;
		}

		/**
		 * Sets whether parent and child get a duplex pipe. Defaults to true.
		 * @param pipe false for no pipe
		 * @return this builder
		 */
		public Builder pipe(boolean pipe) {
			this.pipe = pipe;
			return this;
		}

		/**
		 * Sets the largest message either side may send on the pipe. Defaults to
		 * {@link MessagePipe#DEFAULT_MAX_MESSAGE_LENGTH}.
		 * @param maxMessageLength bytes, &gt;= 0
		 * @return this builder
		 */
		public Builder maxMessageLength(int maxMessageLength) {
			this.maxMessageLength = Checks.checkPositiveOrZero(maxMessageLength, "maxMessageLength");
			return this;
		}

		/**
		 * Shares a System V message queue with the child, which attaches it by id
		 * (Swoole's {@code useQueue}). The caller keeps owning it and destroys it.
		 * @param queue the queue
		 * @return this builder
		 */
		public Builder useQueue(MessageQueue queue) {
			this.queue = Checks.checkNotNull(queue, "queue");
			return this;
		}

		/**
		 * Sets how long the first pipe operation waits for the child to connect. Defaults
		 * to 60 s: a JVM can take long to start on a busy machine.
		 * @param timeout the timeout, &gt; 0
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = ProcessSpec.positive(timeout, "connectTimeout");
			return this;
		}

		/**
		 * Sets how long {@link Process#close()} waits after SIGTERM before SIGKILL.
		 * Defaults to 10 s.
		 * @param maxWaitTime the time, &gt; 0
		 * @return this builder
		 */
		public Builder maxWaitTime(Duration maxWaitTime) {
			this.maxWaitTime = ProcessSpec.positive(maxWaitTime, "maxWaitTime");
			return this;
		}

		/**
		 * Sets where the child's standard output goes. Defaults to this JVM's (inherit).
		 * @param output the redirect
		 * @return this builder
		 */
		public Builder redirectOutput(Redirect output) {
			this.output = Checks.checkNotNull(output, "output");
			return this;
		}

		/**
		 * Sets where the child's standard error goes. Defaults to this JVM's (inherit).
		 * @param error the redirect
		 * @return this builder
		 */
		public Builder redirectError(Redirect error) {
			this.error = Checks.checkNotNull(error, "error");
			return this;
		}

		ProcessSpec spec() {
			return new ProcessSpec(this.entryClass, this.name, this.id, this.args, this.jvmOptions,
					this.inheritJvmOptions, this.pipe, this.maxMessageLength, this.queue, this.connectTimeout,
					this.maxWaitTime, this.output, this.error);
		}

		/**
		 * Makes the process, not started.
		 * @return the process
		 */
		public Process build() {
			return new Process(spec());
		}

		/**
		 * Makes and starts the process.
		 * @return the started process
		 * @throws IOException if it cannot be launched
		 */
		public Process start() throws IOException {
			Process process = build();
			process.start();
			return process;
		}

	}

}
