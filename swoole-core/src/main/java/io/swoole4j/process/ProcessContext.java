package io.swoole4j.process;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.ipc.MessagePipe;
import io.swoole4j.ipc.MessageQueue;

/**
 * The child's side of a {@link Process}: its id and name, its parent's pid, its end of
 * the duplex pipe and the message queue the parent shared. One per child JVM, made before
 * the entry runs; {@link #current()} returns it anywhere in that JVM.
 * <p>
 * Threading: the pipe and queue methods may be called from any thread (see
 * {@link MessagePipe} and {@link MessageQueue}).
 */
public final class ProcessContext {

	private static volatile ProcessContext current;

	private final int id;

	private final String name;

	private final long parentPid;

	private final List<String> args;

	private final MessagePipe pipe;

	private final MessageQueue queue;

	ProcessContext(int id, String name, long parentPid, List<String> args, MessagePipe pipe, MessageQueue queue) {
		this.id = id;
		this.name = name;
		this.parentPid = parentPid;
		this.args = List.copyOf(args);
		this.pipe = pipe;
		this.queue = queue;
	}

	static void install(ProcessContext context) {
		current = context;
	}

	/**
	 * Returns the context of this JVM if {@link Process} started it.
	 * @return the context, or null in a JVM that is not such a child
	 */
	public static ProcessContext current() {
		return current;
	}

	/**
	 * Returns the id the parent gave this child: the worker id in a {@link ProcessPool},
	 * otherwise what {@link Process.Builder#id(int)} set (0 by default).
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	/**
	 * Returns the display name; it is also the name of the entry's thread and the system
	 * property {@code swoole4j.process.name}.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Returns this process's pid.
	 * @return the pid
	 */
	public long pid() {
		return Native.pid();
	}

	/**
	 * Returns the pid of the parent that started this child.
	 * @return the pid
	 */
	public long parentPid() {
		return this.parentPid;
	}

	/**
	 * Returns the arguments the parent passed.
	 * @return an unmodifiable list
	 */
	public List<String> args() {
		return this.args;
	}

	/**
	 * Returns this side of the duplex pipe.
	 * @return the pipe, or null if the parent started this child without one
	 */
	public MessagePipe pipe() {
		return this.pipe;
	}

	/**
	 * Sends one message to the parent, waiting while the socket buffer is full.
	 * @param message the bytes, possibly empty
	 * @throws IOException if the parent is gone
	 * @throws IllegalStateException if there is no pipe
	 */
	public void write(byte[] message) throws IOException {
		requirePipe().send(message);
	}

	/**
	 * Receives the parent's next message, waiting for it.
	 * @return the message
	 * @throws EOFException if the parent closed its end or died
	 * @throws IOException if the pipe failed
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if there is no pipe
	 */
	public byte[] read() throws IOException, InterruptedException {
		return requirePipe().receive();
	}

	/**
	 * Receives the parent's next message, waiting at most {@code timeout}.
	 * @param timeout the longest wait
	 * @return the message, or null if none arrived in time
	 * @throws EOFException if the parent closed its end or died
	 * @throws IOException if the pipe failed
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if there is no pipe
	 */
	public byte[] read(Duration timeout) throws IOException, InterruptedException {
		return requirePipe().receive(Checks.checkNotNull(timeout, "timeout"));
	}

	private MessagePipe requirePipe() {
		if (this.pipe == null) {
			throw new IllegalStateException("process " + this.name + " was started without a pipe");
		}
		return this.pipe;
	}

	/**
	 * Returns the message queue the parent shared.
	 * @return the queue, or null if none
	 */
	public MessageQueue queue() {
		return this.queue;
	}

	/**
	 * Pushes a message on the shared queue, waiting while it is full.
	 * @param type the message type, &gt; 0
	 * @param message the bytes
	 * @throws IllegalStateException if there is no queue or it was destroyed
	 */
	public void push(long type, byte[] message) {
		requireQueue().push(type, message);
	}

	/**
	 * Pops a message from the shared queue, waiting for one.
	 * @param type 0 for any type, &gt; 0 for exactly this type
	 * @return the bytes
	 * @throws IllegalStateException if there is no queue or it was destroyed
	 */
	public byte[] pop(long type) {
		return requireQueue().pop(type);
	}

	private MessageQueue requireQueue() {
		if (this.queue == null) {
			throw new IllegalStateException("process " + this.name + " was started without a queue");
		}
		return this.queue;
	}

	/**
	 * Registers a signal handler in this child (Swoole's {@code Process::signal}).
	 * @param signal HUP, INT, TERM, USR1 or USR2
	 * @param handler runs on a JVM signal thread when the signal arrives
	 * @return the registration; close it to unregister
	 * @see Signals#handle(Signal, SignalHandler)
	 */
	public SignalRegistration signal(Signal signal, SignalHandler handler) {
		return Signals.handle(signal, handler);
	}

	/**
	 * Ends this child with {@code code}, running the JVM's shutdown hooks.
	 * @param code the exit status, 0 to 255
	 */
	public void exit(int code) {
		Checks.checkInRange(code, 0, 255, "code");
		System.exit(code);
	}

	@Override
	public String toString() {
		return "ProcessContext[id=" + this.id + ", name=" + this.name + ", parent=" + this.parentPid + "]";
	}

}
