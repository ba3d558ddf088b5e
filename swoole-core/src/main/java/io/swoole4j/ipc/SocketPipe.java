package io.swoole4j.ipc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a pipe over a connected Unix domain stream socket: the part that
 * {@link StreamPipe} and {@link MessagePipe} share.
 * <p>
 * The socket stays non-blocking so that a reactor may register {@link #channel()}; the
 * blocking and timed calls wait on small private selectors, one for reading and one for
 * writing, so that a reader and a writer never share a selection key. One lock per
 * direction serialises readers among themselves and writers among themselves.
 */
abstract sealed class SocketPipe implements AutoCloseable permits StreamPipe, MessagePipe {

	/** A wait without deadline. */
	static final long FOREVER = Long.MAX_VALUE;

	final SocketChannel channel;

	final ReentrantLock readLock = new ReentrantLock();

	final ReentrantLock writeLock = new ReentrantLock();

	final PipeCounters counters;

	private volatile Selector readSelector;

	private volatile Selector writeSelector;

	SocketPipe(SocketChannel channel, String kind) throws IOException {
		this.channel = channel;
		this.counters = new PipeCounters(kind);
		channel.configureBlocking(false);
	}

	/**
	 * Turns a timeout into an absolute deadline.
	 */
	static long deadline(long timeoutNanos) {
		if (timeoutNanos < 0) {
			return FOREVER;
		}
		long now = System.nanoTime();
		long deadline = now + timeoutNanos;
		return (deadline - now < 0) ? FOREVER : deadline;
	}

	/**
	 * Waits until the socket is readable or the deadline passes; the caller holds
	 * {@link #readLock}.
	 * @return false if the deadline passed
	 */
	final boolean awaitReadable(long deadline) throws IOException, InterruptedException {
		if (this.readSelector == null) {
			this.readSelector = Selector.open();
			this.channel.register(this.readSelector, SelectionKey.OP_READ);
		}
		return await(this.readSelector, deadline);
	}

	/**
	 * Waits until the socket is writable or the deadline passes; the caller holds
	 * {@link #writeLock}.
	 * @return false if the deadline passed
	 */
	final boolean awaitWritable(long deadline) throws IOException, InterruptedException {
		if (this.writeSelector == null) {
			this.writeSelector = Selector.open();
			this.channel.register(this.writeSelector, SelectionKey.OP_WRITE);
		}
		return await(this.writeSelector, deadline);
	}

	private boolean await(Selector selector, long deadline) throws IOException, InterruptedException {
		if (!this.channel.isOpen()) {
			throw new ClosedChannelException();
		}
		int ready;
		try {
			if (deadline == FOREVER) {
				ready = selector.select();
			}
			else {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				ready = selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
			}
			selector.selectedKeys().clear();
		}
		catch (ClosedSelectorException ex) {
			// another thread closed this end while we waited
			throw new AsynchronousCloseException();
		}
		if (Thread.interrupted()) {
			throw new InterruptedException();
		}
		return ready > 0 || deadline == FOREVER || deadline - System.nanoTime() > 0;
	}

	/**
	 * Writes every remaining byte of {@code buffers}, waiting for room; the caller holds
	 * {@link #writeLock}.
	 */
	final void writeFully(ByteBuffer[] buffers) throws IOException {
		ByteBuffer last = buffers[buffers.length - 1];
		while (last.hasRemaining() || buffers[0].hasRemaining()) {
			if (this.channel.write(buffers) == 0) {
				try {
					awaitWritable(FOREVER);
				}
				catch (InterruptedException ex) {
					// a frame must not be left half written: finish it, then report
					Thread.currentThread().interrupt();
					throw new InterruptedIOException("interrupted while writing to " + this);
				}
			}
		}
	}

	/**
	 * Returns the socket, non-blocking, for registration with a reactor's selector. Do
	 * not read from or write to it directly while this pipe is in use.
	 * @return the channel
	 */
	public SelectableChannel channel() {
		return this.channel;
	}

	/**
	 * Returns this end's traffic.
	 * @return the live metric view
	 */
	public PipeMetric metric() {
		return this.counters;
	}

	/**
	 * Tells whether this end is open.
	 * @return false once closed
	 */
	public boolean isOpen() {
		return this.channel.isOpen();
	}

	/**
	 * Closes this end; the other end then reads end-of-stream. Idempotent.
	 */
	@Override
	public void close() throws IOException {
		this.channel.close();
		closeSelector(this.readSelector);
		closeSelector(this.writeSelector);
	}

	private static void closeSelector(Selector selector) throws IOException {
		if (selector != null) {
			selector.close();
		}
	}

}
