package io.swoole4j.protocol.resp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A streaming RESP2 request parser, one per connection: feed it whatever bytes arrived,
 * get back commands one at a time, as Redis's {@code processInputBuffer} does.
 * <p>
 * Both request forms are accepted: multibulk ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}) and
 * inline ({@code PING\r\n}, {@code set k "a b"\n}, split with the rules of Redis's
 * {@code sdssplitargs}: double quotes with {@code \n \r \t \b \a \xHH} escapes, single
 * quotes with {@code \'}). A command may be split at any byte across calls and a call may
 * hold many commands (pipelining). Empty inline lines and multibulk counts {@code <= 0}
 * are skipped, as Redis skips them. As in Redis, the byte after a header's {@code \r} and
 * the two bytes after a bulk are skipped without being checked.
 * <p>
 * Each {@code parse} call consumes input up to the end of the first complete command and
 * returns {@link #COMMAND} (the rest of the input stays unread, for the next call), or
 * consumes all input and returns {@link #NEED_MORE_INPUT} (partial data is kept inside,
 * so the caller may reuse its read buffer), or returns {@link #PROTOCOL_ERROR}: then
 * {@link #errorMessage()} holds Redis's exact message (reply it with
 * {@link RespReplyWriter#error} and close the connection after the reply, as Redis does);
 * the parser stays failed until {@link #reset()}. Commands completed before the error
 * were returned by earlier calls.
 * <p>
 * Memory: arguments are copied into one buffer owned by the parser and reused for every
 * command; it grows with the bytes that actually arrive, and a declared count or length
 * is checked against {@link RespLimits} before anything is reserved for it. In steady
 * state parsing allocates nothing (a {@code ByteBuffer} input is viewed through a segment
 * cached per buffer instance, so pass the same read buffer each time).
 * <p>
 * Not thread-safe: one parser per connection, used by the thread that reads it.
 */
public final class RespRequestParser {

	/** {@code parse} result: every byte was consumed, no command is complete yet. */
	public static final int NEED_MORE_INPUT = 0;

	/** {@code parse} result: {@link #command()} holds a complete command. */
	public static final int COMMAND = 1;

	/**
	 * {@code parse} result: the input broke the protocol, see {@link #errorMessage()}.
	 */
	public static final int PROTOCOL_ERROR = -1;

	/** Redis's message for a bad or too large {@code *<count>}. */
	public static final String INVALID_MULTIBULK_LENGTH = "Protocol error: invalid multibulk length";

	/** Redis's message for a bad or too large {@code $<length>}. */
	public static final String INVALID_BULK_LENGTH = "Protocol error: invalid bulk length";

	/** Redis's message for an inline line longer than the limit. */
	public static final String TOO_BIG_INLINE_REQUEST = "Protocol error: too big inline request";

	/** Redis's message for an inline line whose quotes do not close properly. */
	public static final String UNBALANCED_QUOTES = "Protocol error: unbalanced quotes in request";

	/** Redis's message for a {@code *} line longer than the inline limit. */
	public static final String TOO_BIG_MBULK_COUNT_STRING = "Protocol error: too big mbulk count string";

	/** Redis's message for a {@code $} line longer than the inline limit. */
	public static final String TOO_BIG_BULK_COUNT_STRING = "Protocol error: too big bulk count string";

	/** Prefix of Redis's message for a bulk header not starting with {@code $}. */
	public static final String EXPECTED_DOLLAR_PREFIX = "Protocol error: expected '$', got '";

	private static final int START = 0;

	private static final int INLINE = 1;

	/** The digits of a {@code *} or {@code $} line, up to its '\r'. */
	private static final int HEADER_DIGITS = 2;

	private static final int COUNT_LF = 3;

	private static final int BULK_HEADER_FIRST = 4;

	private static final int BULK_HEADER_LF = 5;

	private static final int BULK_BODY = 6;

	private static final int BULK_TRAILER = 7;

	private static final int FAILED = 8;

	private final RespLimits limits;

	private final RespCommand command = new RespCommand();

	private final RespLongParser number = new RespLongParser();

	private int state = START;

	private int argsRemaining;

	private int bulkRemaining;

	private int trailerRemaining;

	private byte headerFirst;

	/**
	 * Whether {@link #HEADER_DIGITS} reads a {@code *} count (else a {@code $} length).
	 */
	private boolean countHeader;

	private byte[] line = new byte[64];

	private int lineLength;

	private String errorMessage;

	private long consumed;

	private ByteBuffer cachedBuffer;

	private MemorySegment cachedSegment;

	/**
	 * Creates a parser with {@link RespLimits#defaults()}.
	 */
	public RespRequestParser() {
		this(RespLimits.defaults());
	}

	/**
	 * Creates a parser.
	 * @param limits the limits to enforce
	 */
	public RespRequestParser(RespLimits limits) {
		this.limits = Objects.requireNonNull(limits, "limits: null (expected: not null)");
	}

	/**
	 * Parses from {@code in}'s position up to its limit, advancing the position past what
	 * was consumed.
	 * @param in the bytes read from the connection
	 * @return {@link #COMMAND}, {@link #NEED_MORE_INPUT} or {@link #PROTOCOL_ERROR}
	 */
	public int parse(ByteBuffer in) {
		if (in != this.cachedBuffer) {
			// Whole-buffer view indexed like the buffer itself; made once per buffer
			// instance so that a connection reusing its read buffer allocates nothing.
			this.cachedSegment = MemorySegment.ofBuffer(in.duplicate().clear());
			this.cachedBuffer = in;
		}
		int position = in.position();
		int result = run(this.cachedSegment, position, in.limit());
		in.position(position + (int) this.consumed);
		return result;
	}

	/**
	 * Parses {@code length} bytes of {@code in} from {@code offset}; {@link #consumed()}
	 * then tells how many were used.
	 * @param in the bytes read from the connection
	 * @param offset where they start
	 * @param length how many there are
	 * @return {@link #COMMAND}, {@link #NEED_MORE_INPUT} or {@link #PROTOCOL_ERROR}
	 */
	public int parse(MemorySegment in, long offset, long length) {
		Objects.checkFromIndexSize(offset, length, in.byteSize());
		return run(in, offset, offset + length);
	}

	/**
	 * Returns how many bytes the last {@code parse} call consumed.
	 * @return the byte count
	 */
	public long consumed() {
		return this.consumed;
	}

	/**
	 * Returns the command completed by the last {@code parse} call that returned
	 * {@link #COMMAND}; the same view instance every time.
	 * @return the command view, valid until the next {@code parse} or {@code reset}
	 */
	public RespCommand command() {
		return this.command;
	}

	/**
	 * Returns Redis's message for the protocol error, such as
	 * {@code Protocol error: invalid bulk length}.
	 * @return the message, or {@code null} when no error happened
	 */
	public String errorMessage() {
		return this.errorMessage;
	}

	/**
	 * Returns the limits this parser enforces.
	 * @return the limits
	 */
	public RespLimits limits() {
		return this.limits;
	}

	/**
	 * Forgets any partial command and any error, keeping the buffers for reuse (for a
	 * parser pooled across connections).
	 */
	public void reset() {
		this.state = START;
		this.errorMessage = null;
		this.consumed = 0;
		this.command.clear();
		this.cachedBuffer = null;
		this.cachedSegment = null;
	}

	/** Capacity of the argument buffer, for tests of the memory rule. */
	int argumentCapacity() {
		return this.command.capacity();
	}

	private int run(MemorySegment in, long start, long end) {
		long pos = start;
		while (true) {
			switch (this.state) {
				case START -> {
					if (pos == end) {
						return needMore(pos - start);
					}
					this.command.clear();
					if (in.get(ValueLayout.JAVA_BYTE, pos) == '*') {
						pos++;
						this.number.reset();
						this.countHeader = true;
						this.state = HEADER_DIGITS;
					}
					else {
						this.lineLength = 0;
						this.state = INLINE;
					}
				}
				case INLINE -> {
					long newline = indexOf(in, pos, end, (byte) '\n');
					long stop = (newline < 0) ? end : newline;
					if (this.lineLength + (stop - pos) > this.limits.maxInlineLength()) {
						return fail(TOO_BIG_INLINE_REQUEST, stop - start);
					}
					appendLine(in, pos, (int) (stop - pos));
					pos = stop;
					if (newline < 0) {
						return needMore(pos - start);
					}
					pos++;
					this.state = START;
					int length = this.lineLength;
					if (length > 0 && this.line[length - 1] == '\r') {
						length--;
					}
					if (!split(this.line, length)) {
						return fail(UNBALANCED_QUOTES, pos - start);
					}
					if (this.command.argCount() > 0) {
						return commandAt(pos - start);
					}
				}
				case HEADER_DIGITS -> {
					pos = readHeaderDigits(in, pos, end);
					if (this.number.length() + 1 > this.limits.maxInlineLength()) {
						return fail(this.countHeader ? TOO_BIG_MBULK_COUNT_STRING : TOO_BIG_BULK_COUNT_STRING,
								pos - start);
					}
					if (pos == end) {
						return needMore(pos - start);
					}
					pos++;
					this.state = this.countHeader ? COUNT_LF : BULK_HEADER_LF;
				}
				case COUNT_LF -> {
					if (pos == end) {
						return needMore(pos - start);
					}
					pos++;
					if (!this.number.isValid() || this.number.value() > this.limits.maxMultibulkLength()) {
						return fail(INVALID_MULTIBULK_LENGTH, pos - start);
					}
					long count = this.number.value();
					if (count <= 0) {
						this.state = START;
					}
					else {
						this.argsRemaining = (int) count;
						this.state = BULK_HEADER_FIRST;
					}
				}
				case BULK_HEADER_FIRST -> {
					if (pos == end) {
						return needMore(pos - start);
					}
					this.headerFirst = in.get(ValueLayout.JAVA_BYTE, pos);
					this.number.reset();
					this.countHeader = false;
					// Redis finds the line's '\r' first and checks for '$' only then,
					// so a first byte of '\r' ends the line.
					this.state = (this.headerFirst == '\r') ? BULK_HEADER_LF : HEADER_DIGITS;
					pos++;
				}
				case BULK_HEADER_LF -> {
					if (pos == end) {
						return needMore(pos - start);
					}
					pos++;
					if (this.headerFirst != '$') {
						return fail(EXPECTED_DOLLAR_PREFIX + (char) (this.headerFirst & 0xFF) + "'", pos - start);
					}
					long length = this.number.value();
					if (!this.number.isValid() || length < 0 || length > this.limits.maxBulkLength()
							|| this.command.usedBytes() + length > this.limits.packageMaxLength()) {
						return fail(INVALID_BULK_LENGTH, pos - start);
					}
					this.bulkRemaining = (int) length;
					this.command.beginArg();
					this.state = BULK_BODY;
				}
				case BULK_BODY -> {
					int n = (int) Math.min(this.bulkRemaining, end - pos);
					this.command.append(in, pos, n);
					pos += n;
					this.bulkRemaining -= n;
					if (this.bulkRemaining > 0) {
						return needMore(pos - start);
					}
					this.command.endArg();
					this.trailerRemaining = 2;
					this.state = BULK_TRAILER;
				}
				case BULK_TRAILER -> {
					int n = (int) Math.min(this.trailerRemaining, end - pos);
					pos += n;
					this.trailerRemaining -= n;
					if (this.trailerRemaining > 0) {
						return needMore(pos - start);
					}
					if (--this.argsRemaining > 0) {
						this.state = BULK_HEADER_FIRST;
					}
					else {
						this.state = START;
						return commandAt(pos - start);
					}
				}
				default -> {
					this.consumed = 0;
					return PROTOCOL_ERROR;
				}
			}
		}
	}

	/** Feeds header bytes to the number parser up to the line's '\r' or the end. */
	private long readHeaderDigits(MemorySegment in, long pos, long end) {
		int limit = this.limits.maxInlineLength();
		while (pos < end) {
			byte b = in.get(ValueLayout.JAVA_BYTE, pos);
			if (b == '\r') {
				return pos;
			}
			this.number.accept(b);
			pos++;
			if (this.number.length() + 1 > limit) {
				return pos;
			}
		}
		return pos;
	}

	private int needMore(long used) {
		this.consumed = used;
		return NEED_MORE_INPUT;
	}

	private int commandAt(long used) {
		this.consumed = used;
		return COMMAND;
	}

	private int fail(String message, long used) {
		this.state = FAILED;
		this.errorMessage = message;
		this.consumed = used;
		return PROTOCOL_ERROR;
	}

	private static long indexOf(MemorySegment in, long from, long end, byte value) {
		for (long i = from; i < end; i++) {
			if (in.get(ValueLayout.JAVA_BYTE, i) == value) {
				return i;
			}
		}
		return -1;
	}

	private void appendLine(MemorySegment in, long from, int length) {
		int needed = this.lineLength + length;
		if (needed > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.max(needed, this.line.length * 2));
		}
		MemorySegment.copy(in, ValueLayout.JAVA_BYTE, from, this.line, this.lineLength, length);
		this.lineLength = needed;
	}

	/**
	 * Splits an inline line into arguments exactly as Redis's {@code sdssplitargs} does,
	 * a NUL byte ending the line as it ends a C string.
	 * @return false on unbalanced quotes
	 */
	private boolean split(byte[] s, int length) {
		RespCommand target = this.command;
		target.ensureCapacity(length);
		int p = 0;
		while (true) {
			while (at(s, length, p) != 0 && isSpace(at(s, length, p))) {
				p++;
			}
			if (at(s, length, p) == 0) {
				return true;
			}
			// the open quote character, or 0 outside quotes
			int quote = 0;
			boolean done = false;
			target.beginArg();
			while (!done) {
				int c = at(s, length, p);
				int next = at(s, length, p + 1);
				if (quote != 0) {
					if (c == 0) {
						return false;
					}
					else if (c == quote) {
						// A closing quote must be followed by a space or the end.
						if (next != 0 && !isSpace(next)) {
							return false;
						}
						done = true;
					}
					else if (quote == '"' && c == '\\' && next == 'x' && isHex(at(s, length, p + 2))
							&& isHex(at(s, length, p + 3))) {
						target.append((byte) (hex(at(s, length, p + 2)) * 16 + hex(at(s, length, p + 3))));
						p += 3;
					}
					else if (quote == '"' && c == '\\' && next != 0) {
						p++;
						target.append(switch (next) {
							case 'n' -> (byte) '\n';
							case 'r' -> (byte) '\r';
							case 't' -> (byte) '\t';
							case 'b' -> (byte) '\b';
							case 'a' -> (byte) 7;
							default -> (byte) next;
						});
					}
					else if (quote == '\'' && c == '\\' && next == '\'') {
						p++;
						target.append((byte) '\'');
					}
					else {
						target.append((byte) c);
					}
				}
				else {
					switch (c) {
						case ' ', '\n', '\r', '\t', 0 -> done = true;
						case '"', '\'' -> quote = c;
						default -> target.append((byte) c);
					}
				}
				if (at(s, length, p) != 0) {
					p++;
				}
			}
			target.endArg();
		}
	}

	/** The byte at {@code i} as unsigned, 0 past the end (the C string terminator). */
	private static int at(byte[] s, int length, int i) {
		return (i < length) ? s[i] & 0xFF : 0;
	}

	/** C's isspace in the "C" locale. */
	private static boolean isSpace(int c) {
		return c == ' ' || (c >= '\t' && c <= '\r');
	}

	private static boolean isHex(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static int hex(int c) {
		return (c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10;
	}

}
