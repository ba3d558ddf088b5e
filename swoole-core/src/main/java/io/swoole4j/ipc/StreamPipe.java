package io.swoole4j.ipc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import io.swoole4j.internal.Checks;

/**
 * One end of a full-duplex byte-stream pipe (Swoole's PipeBase / stream PipeUnsock) over
 * a Unix domain stream socket. Bytes written on one end arrive on the other unchanged and
 * in order; write boundaries are not kept (see {@link MessagePipe} for that).
 * <p>
 * Make a connected pair in one JVM with {@link #pair()}; between JVMs, one side opens a
 * {@link PipeListener}, passes its {@link PipeListener#address()} to the other, which
 * calls {@link #connect(String)}, and accepts with {@link PipeListener#acceptStream}.
 * <p>
 * Reads: {@link #read(ByteBuffer)} waits for at least one byte,
 * {@link #read(ByteBuffer, Duration)} returns {@link #NOTHING} after the timeout,
 * {@link #tryRead} never waits. All return {@link #END_OF_STREAM} once the other end
 * closed and everything it wrote has been read. Writes: {@link #write} writes everything,
 * waiting for room; {@link #tryWrite} writes what fits now.
 * <p>
 * Threading: one reader and one writer may work at the same time; concurrent readers (or
 * writers) are serialised. {@link #channel()} is non-blocking and may be registered with
 * a reactor.
 */
public final class StreamPipe extends SocketPipe {

	/** A read that found no byte: the timeout passed, or nothing was there. */
	public static final int NOTHING = 0;

	/** A read at end of stream: the other end closed. */
	public static final int END_OF_STREAM = -1;

	StreamPipe(SocketChannel channel) throws IOException {
		super(channel, "stream");
	}

	/**
	 * Makes two connected ends in this JVM.
	 * @return the pair; closing it closes both ends
	 * @throws IOException if the sockets cannot be made
	 */
	public static PipePair<StreamPipe> pair() throws IOException {
		return PipeListener.pair(StreamPipe::new);
	}

	/**
	 * Connects to a {@link PipeListener} of this or another JVM.
	 * @param address the listener's {@link PipeListener#address()}
	 * @return this side's end
	 * @throws IOException if nobody listens there
	 */
	public static StreamPipe connect(String address) throws IOException {
		return new StreamPipe(PipeListener.connectChannel(address));
	}

	/**
	 * Writes all remaining bytes of {@code source}, waiting while the socket buffer is
	 * full.
	 * @param source the bytes; its position advances
	 * @return the number of bytes written
	 * @throws IOException if the other end is gone or the pipe closed
	 */
	public int write(ByteBuffer source) throws IOException {
		int length = source.remaining();
		this.writeLock.lock();
		try {
			writeFully(new ByteBuffer[] { source });
		}
		finally {
			this.writeLock.unlock();
		}
		this.counters.wrote(length);
		return length;
	}

	/**
	 * Writes all of {@code bytes}, waiting while the socket buffer is full.
	 * @param bytes the bytes
	 * @return the number of bytes written
	 * @throws IOException if the other end is gone or the pipe closed
	 */
	public int write(byte[] bytes) throws IOException {
		return write(ByteBuffer.wrap(Checks.checkNotNull(bytes, "bytes")));
	}

	/**
	 * Writes what fits into the socket buffer now.
	 * @param source the bytes; its position advances by the count written
	 * @return the number of bytes written, 0 if the buffer is full
	 * @throws IOException if the other end is gone or the pipe closed
	 */
	public int tryWrite(ByteBuffer source) throws IOException {
		this.writeLock.lock();
		try {
			int written = this.channel.write(source);
			if (written > 0) {
				this.counters.wrote(written);
			}
			return written;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Reads into {@code target}, waiting until at least one byte is there.
	 * @param target where bytes go; must have room
	 * @return the count read, or {@link #END_OF_STREAM}
	 * @throws IOException if the pipe closed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public int read(ByteBuffer target) throws IOException, InterruptedException {
		return read(target, FOREVER);
	}

	/**
	 * Reads into {@code target}, waiting at most {@code timeout} for a first byte.
	 * @param target where bytes go; must have room
	 * @param timeout the longest wait
	 * @return the count read, {@link #NOTHING} after the timeout, or
	 * {@link #END_OF_STREAM}
	 * @throws IOException if the pipe closed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public int read(ByteBuffer target, Duration timeout) throws IOException, InterruptedException {
		return read(target, deadline(timeout.toNanos()));
	}

	/**
	 * Reads what is there now.
	 * @param target where bytes go; must have room
	 * @return the count read, {@link #NOTHING}, or {@link #END_OF_STREAM}
	 * @throws IOException if the pipe closed
	 */
	public int tryRead(ByteBuffer target) throws IOException {
		this.readLock.lock();
		try {
			return readNow(target);
		}
		finally {
			this.readLock.unlock();
		}
	}

	private int read(ByteBuffer target, long deadline) throws IOException, InterruptedException {
		if (!target.hasRemaining()) {
			throw Checks.fail("target.remaining()", 0, "> 0");
		}
		this.readLock.lockInterruptibly();
		try {
			while (true) {
				int n = readNow(target);
				if (n != NOTHING || !awaitReadable(deadline)) {
					return n;
				}
			}
		}
		finally {
			this.readLock.unlock();
		}
	}

	private int readNow(ByteBuffer target) throws IOException {
		int n = this.channel.read(target);
		if (n > 0) {
			this.counters.read(n);
		}
		return n < 0 ? END_OF_STREAM : n;
	}

	@Override
	public String toString() {
		return "StreamPipe[" + (isOpen() ? "open" : "closed") + "]";
	}

}
