package io.swoole4j.demo.redis;

import java.lang.foreign.MemorySegment;

import io.swoole4j.protocol.resp.RespLimits;
import io.swoole4j.protocol.resp.RespReplyWriter;
import io.swoole4j.protocol.resp.RespRequestParser;

/**
 * One Redis client connection: its request parser, its reply buffer and the per-client
 * state of {@code CLIENT SETNAME}/{@code SETINFO}. Bytes go in through
 * {@link #receive(byte[], int, int)} in whatever pieces the network delivered; every
 * complete command is executed at once (pipelining), and the replies of the whole batch
 * collect in {@link #replies()} so that they leave in one write.
 * <p>
 * Not thread-safe: a session belongs to the worker that serves its connection.
 */
public final class RespSession {

	private final long id;

	private final RedisCommandExecutor executor;

	private final RespRequestParser parser;

	private final RespReplyWriter replies = new RespReplyWriter(512);

	final ByteView keyView = new ByteView();

	final ByteView valueView = new ByteView();

	/** Room for one stored value, for reads that copy it out of the Table. */
	final byte[] valueBuffer;

	/** Room for an integer rendered in decimal, for INCR and friends. */
	final byte[] numberBuffer = new byte[20];

	/** Bit set of the lock stripes a multi-key command holds. */
	final long[] stripeSet;

	/** The current key's lock stripe, set by the executor's key binding. */
	int keyStripe;

	/** Output of the executor's value parser. */
	long parsedLong;

	String name;

	String libName;

	String libVersion;

	private byte[] input = new byte[0];

	private MemorySegment inputSegment = MemorySegment.ofArray(this.input);

	private boolean closing;

	/**
	 * Creates a session.
	 * @param id the connection's id, reported by {@code CLIENT ID}
	 * @param executor the shared command executor
	 * @param limits the protocol limits of the request parser
	 */
	public RespSession(long id, RedisCommandExecutor executor, RespLimits limits) {
		this.id = id;
		this.executor = executor;
		this.parser = new RespRequestParser(limits);
		this.valueBuffer = new byte[Math.max(executor.maxValueBytes(), 20)];
		this.stripeSet = new long[RedisCommandExecutor.STRIPES / Long.SIZE];
	}

	/**
	 * Returns the connection id.
	 * @return the id given at creation
	 */
	public long id() {
		return this.id;
	}

	/**
	 * Parses {@code length} bytes and executes every command they complete, appending the
	 * replies to {@link #replies()}. After {@code QUIT} or a protocol error (whose
	 * {@code -ERR Protocol error: ...} reply is appended) the rest is ignored and this
	 * returns false: send the replies, then close the connection.
	 * @param data the bytes read
	 * @param offset where they start
	 * @param length how many there are
	 * @return true to keep the connection open, false to close it after the replies
	 */
	public boolean receive(byte[] data, int offset, int length) {
		System.arraycopy(data, offset, inputBuffer(length), 0, length);
		return receiveBuffered(length);
	}

	/**
	 * Returns a buffer of at least {@code length} bytes to read a packet into, to be
	 * followed by {@link #receiveBuffered(int)}; saves a copy when the caller can write
	 * into an array.
	 * @param length the bytes about to arrive
	 * @return the session's input array
	 */
	public byte[] inputBuffer(int length) {
		if (this.input.length < length) {
			this.input = new byte[Math.max(length, this.input.length * 2)];
			this.inputSegment = MemorySegment.ofArray(this.input);
		}
		return this.input;
	}

	/**
	 * Like {@link #receive(byte[], int, int)} for bytes already written to the start of
	 * {@link #inputBuffer(int)}.
	 * @param length how many bytes were written
	 * @return true to keep the connection open, false to close it after the replies
	 */
	public boolean receiveBuffered(int length) {
		if (this.closing) {
			return false;
		}
		return parseAndExecute(length);
	}

	private boolean parseAndExecute(int length) {
		long offset = 0;
		while (true) {
			int result = this.parser.parse(this.inputSegment, offset, length - offset);
			offset += this.parser.consumed();
			if (result == RespRequestParser.COMMAND) {
				if (this.executor.execute(this, this.parser.command(), this.replies) == RedisCommandExecutor.CLOSE) {
					this.closing = true;
					return false;
				}
			}
			else if (result == RespRequestParser.NEED_MORE_INPUT) {
				return true;
			}
			else {
				this.replies.error(this.parser.errorMessage());
				this.executor.countProtocolError();
				this.closing = true;
				return false;
			}
		}
	}

	/**
	 * Returns the replies written since the last {@code replies().clear()}.
	 * @return the reply buffer
	 */
	public RespReplyWriter replies() {
		return this.replies;
	}

}
