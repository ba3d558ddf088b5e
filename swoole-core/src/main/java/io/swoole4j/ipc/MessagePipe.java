package io.swoole4j.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import io.swoole4j.internal.Checks;

/**
 * One end of a full-duplex pipe that keeps message boundaries (Swoole's DGRAM
 * PipeUnsock): each {@link #send} arrives as exactly one {@link #receive}, whole,
 * including empty messages. Java has no {@code socketpair} nor Unix datagram sockets, so
 * this is a Unix domain stream socket with length framing.
 *
 * <pre>
 * frame:  +----------------------+-------------------------+
 *         | length (int32, BE)   | payload (length bytes)  |
 *         +----------------------+-------------------------+
 *         0                      4                  4 + length
 * </pre>
 *
 * Make a pair in one JVM with {@link #pair()}; between JVMs use a {@link PipeListener}
 * and {@link #connect(String)}.
 * <p>
 * A declared length above the receiver's {@link #maxMessageLength()} means the other side
 * is not speaking this protocol: the receiver throws {@link StreamCorruptedException} and
 * closes before reserving memory for it.
 * <p>
 * Threading: any number of threads may send concurrently (frames never interleave) and
 * any number may receive (each message goes to one of them). {@link #channel()} is
 * non-blocking and may be registered with a reactor.
 */
public final class MessagePipe extends SocketPipe {

	/** The default largest message: 64 MiB. */
	public static final int DEFAULT_MAX_MESSAGE_LENGTH = 64 << 20;

	private static final int HEADER = 4;

	private final int maxMessageLength;

	private final ByteBuffer header = ByteBuffer.allocate(HEADER);

	private ByteBuffer body;

	MessagePipe(SocketChannel channel, int maxMessageLength) throws IOException {
		super(channel, "message");
		this.maxMessageLength = maxMessageLength;
	}

	/**
	 * Makes two connected ends in this JVM, each accepting messages up to
	 * {@link #DEFAULT_MAX_MESSAGE_LENGTH}.
	 * @return the pair; closing it closes both ends
	 * @throws IOException if the sockets cannot be made
	 */
	public static PipePair<MessagePipe> pair() throws IOException {
		return pair(DEFAULT_MAX_MESSAGE_LENGTH);
	}

	/**
	 * Makes two connected ends in this JVM.
	 * @param maxMessageLength the largest message either end sends or accepts, &gt;= 0
	 * @return the pair
	 * @throws IOException if the sockets cannot be made
	 */
	public static PipePair<MessagePipe> pair(int maxMessageLength) throws IOException {
		Checks.checkPositiveOrZero(maxMessageLength, "maxMessageLength");
		return PipeListener.pair((channel) -> new MessagePipe(channel, maxMessageLength));
	}

	/**
	 * Connects to a {@link PipeListener} of this or another JVM.
	 * @param address the listener's {@link PipeListener#address()}
	 * @param maxMessageLength the largest message this end sends or accepts
	 * @return this side's end
	 * @throws IOException if nobody listens there
	 */
	public static MessagePipe connect(String address, int maxMessageLength) throws IOException {
		Checks.checkPositiveOrZero(maxMessageLength, "maxMessageLength");
		return new MessagePipe(PipeListener.connectChannel(address), maxMessageLength);
	}

	/**
	 * Connects with the {@link #DEFAULT_MAX_MESSAGE_LENGTH}.
	 * @param address the listener's address
	 * @return this side's end
	 * @throws IOException if nobody listens there
	 */
	public static MessagePipe connect(String address) throws IOException {
		return connect(address, DEFAULT_MAX_MESSAGE_LENGTH);
	}

	/**
	 * Returns the largest message this end sends or accepts.
	 * @return bytes
	 */
	public int maxMessageLength() {
		return this.maxMessageLength;
	}

	/**
	 * Sends one message, waiting while the socket buffer is full.
	 * @param message the payload, possibly empty
	 * @throws IllegalArgumentException if longer than {@link #maxMessageLength()}
	 * @throws IOException if the other end is gone or the pipe closed
	 */
	public void send(byte[] message) throws IOException {
		send(message, 0, Checks.checkNotNull(message, "message").length);
	}

	/**
	 * Sends {@code length} bytes of {@code message} from {@code offset} as one message.
	 * @param message the array
	 * @param offset where the payload starts
	 * @param length the payload's length
	 * @throws IllegalArgumentException if longer than {@link #maxMessageLength()}
	 * @throws IOException if the other end is gone or the pipe closed
	 */
	public void send(byte[] message, int offset, int length) throws IOException {
		ByteBuffer[] frame = frame(message, offset, length);
		this.writeLock.lock();
		try {
			writeFully(frame);
		}
		finally {
			this.writeLock.unlock();
		}
		this.counters.wrote(length);
	}

	/**
	 * Sends one message if the socket can take its first bytes now. Once a frame is
	 * started it is always finished (waiting if need be), so frames never interleave.
	 * @param message the payload
	 * @return false if the socket buffer was full and nothing was sent
	 * @throws IllegalArgumentException if longer than {@link #maxMessageLength()}
	 * @throws IOException if the other end is gone or the pipe closed
	 */
	public boolean trySend(byte[] message) throws IOException {
		ByteBuffer[] frame = frame(Checks.checkNotNull(message, "message"), 0, message.length);
		if (!this.writeLock.tryLock()) {
			return false;
		}
		try {
			if (this.channel.write(frame) == 0) {
				return false;
			}
			writeFully(frame);
		}
		finally {
			this.writeLock.unlock();
		}
		this.counters.wrote(message.length);
		return true;
	}

	private ByteBuffer[] frame(byte[] message, int offset, int length) {
		Checks.checkNotNull(message, "message");
		if (length > this.maxMessageLength) {
			throw Checks.fail("message length", length, "<= maxMessageLength " + this.maxMessageLength);
		}
		ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(0, length);
		return new ByteBuffer[] { header, ByteBuffer.wrap(message, offset, length) };
	}

	/**
	 * Receives the next message, waiting for it.
	 * @return the message
	 * @throws EOFException if the other end closed (and every message it sent was read)
	 * @throws StreamCorruptedException if the peer declared a length above the limit
	 * @throws IOException if the pipe closed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public byte[] receive() throws IOException, InterruptedException {
		return receive(FOREVER);
	}

	/**
	 * Receives the next message, waiting at most {@code timeout}. A message that had only
	 * partly arrived at the timeout is kept and completed by the next call.
	 * @param timeout the longest wait
	 * @return the message, or null if none was complete within the timeout
	 * @throws EOFException if the other end closed
	 * @throws StreamCorruptedException if the peer declared a length above the limit
	 * @throws IOException if the pipe closed
	 * @throws InterruptedException if interrupted while waiting
	 */
	public byte[] receive(Duration timeout) throws IOException, InterruptedException {
		return receive(deadline(timeout.toNanos()));
	}

	/**
	 * Receives a message if one is complete now.
	 * @return the message, or null if none is
	 * @throws EOFException if the other end closed
	 * @throws StreamCorruptedException if the peer declared a length above the limit
	 * @throws IOException if the pipe closed
	 */
	public byte[] tryReceive() throws IOException {
		this.readLock.lock();
		try {
			return readFrame();
		}
		finally {
			this.readLock.unlock();
		}
	}

	private byte[] receive(long deadline) throws IOException, InterruptedException {
		this.readLock.lockInterruptibly();
		try {
			while (true) {
				byte[] message = readFrame();
				if (message != null || !awaitReadable(deadline)) {
					return message;
				}
			}
		}
		finally {
			this.readLock.unlock();
		}
	}

	/**
	 * Advances the partial frame with what the socket has now; the caller holds the read
	 * lock.
	 * @return the whole message, or null if it is not complete yet
	 */
	private byte[] readFrame() throws IOException {
		if (this.body == null) {
			if (fill(this.header)) {
				throw new EOFException("the other end of " + this + " closed"
						+ (this.header.position() > 0 ? " in the middle of a message" : ""));
			}
			if (this.header.hasRemaining()) {
				return null;
			}
			int length = this.header.getInt(0);
			if (length < 0 || length > this.maxMessageLength) {
				close();
				throw new StreamCorruptedException(
						"declared message length " + length + " exceeds maxMessageLength " + this.maxMessageLength);
			}
			this.header.clear();
			this.body = ByteBuffer.allocate(length);
		}
		if (fill(this.body)) {
			throw new EOFException("the other end of " + this + " closed in the middle of a message");
		}
		if (this.body.hasRemaining()) {
			return null;
		}
		byte[] message = this.body.array();
		this.body = null;
		this.counters.read(message.length);
		return message;
	}

	/**
	 * Reads into {@code buffer} until it is full or the socket is drained.
	 * @return true at end of stream
	 */
	private boolean fill(ByteBuffer buffer) throws IOException {
		while (buffer.hasRemaining()) {
			int n = this.channel.read(buffer);
			if (n < 0) {
				return true;
			}
			if (n == 0) {
				return false;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "MessagePipe[" + (isOpen() ? "open" : "closed") + "]";
	}

}
