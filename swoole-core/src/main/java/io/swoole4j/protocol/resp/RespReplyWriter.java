package io.swoole4j.protocol.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import io.swoole4j.internal.Checks;

/**
 * Writes RESP2 replies into a growable buffer it owns, so that replies to a batch of
 * pipelined commands leave in one write. Every method appends and returns {@code this}.
 * <p>
 * Text arguments are encoded as UTF-8 by hand; status and error texts have any CR or LF
 * replaced by a space (an embedded line break would end the reply early and corrupt the
 * stream). Once the buffer is large enough, writing allocates nothing.
 * <p>
 * Typical use: write the replies, send {@link #buffer()} (or {@link #array()} up to
 * {@link #size()}), then {@link #clear()}. Not thread-safe.
 */
public final class RespReplyWriter {

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] OK = { '+', 'O', 'K', '\r', '\n' };

	private static final byte[] NULL_BULK = { '$', '-', '1', '\r', '\n' };

	private static final byte[] NULL_ARRAY = { '*', '-', '1', '\r', '\n' };

	private static final byte[] ERR_PREFIX = { '-', 'E', 'R', 'R', ' ' };

	private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

	private byte[] data;

	private int size;

	private ByteBuffer view;

	/**
	 * Creates a writer with a 256-byte initial buffer.
	 */
	public RespReplyWriter() {
		this(256);
	}

	/**
	 * Creates a writer.
	 * @param initialCapacity the initial buffer size in bytes, grown by doubling
	 */
	public RespReplyWriter(int initialCapacity) {
		this.data = new byte[Checks.checkPositive(initialCapacity, "initialCapacity")];
	}

	/**
	 * Appends {@code +OK\r\n}.
	 * @return this writer
	 */
	public RespReplyWriter ok() {
		return raw(OK);
	}

	/**
	 * Appends a simple string: {@code +<text>\r\n}.
	 * @param text the status text
	 * @return this writer
	 */
	public RespReplyWriter simpleString(CharSequence text) {
		put((byte) '+');
		line(text);
		return raw(CRLF);
	}

	/**
	 * Appends an error the way Redis's {@code addReplyError} does: {@code -ERR <message>}
	 * unless the message already starts with {@code -} (as in
	 * {@code -WRONGTYPE Operation against a key holding the wrong kind of value}), in
	 * which case it is written as given.
	 * @param message the message, such as a parser's {@code Protocol error: ...} or
	 * {@code value is not an integer or out of range}
	 * @return this writer
	 */
	public RespReplyWriter error(CharSequence message) {
		if (message.isEmpty() || message.charAt(0) != '-') {
			raw(ERR_PREFIX);
		}
		line(message);
		return raw(CRLF);
	}

	/**
	 * Appends an integer: {@code :<value>\r\n}.
	 * @param value the value
	 * @return this writer
	 */
	public RespReplyWriter integer(long value) {
		put((byte) ':');
		decimal(value);
		return raw(CRLF);
	}

	/**
	 * Appends a bulk string: {@code $<length>\r\n<bytes>\r\n}.
	 * @param value the bytes
	 * @return this writer
	 */
	public RespReplyWriter bulk(byte[] value) {
		return bulk(value, 0, value.length);
	}

	/**
	 * Appends a bulk string from part of an array.
	 * @param value the array
	 * @param offset where the bytes start
	 * @param length how many there are
	 * @return this writer
	 */
	public RespReplyWriter bulk(byte[] value, int offset, int length) {
		Objects.checkFromIndexSize(offset, length, value.length);
		put((byte) '$');
		decimal(length);
		raw(CRLF);
		ensure(length);
		System.arraycopy(value, offset, this.data, this.size, length);
		this.size += length;
		return raw(CRLF);
	}

	/**
	 * Appends a text as a bulk string, encoded as UTF-8 (an unpaired surrogate becomes
	 * {@code ?}).
	 * @param value the text
	 * @return this writer
	 */
	public RespReplyWriter bulk(CharSequence value) {
		put((byte) '$');
		decimal(utf8Length(value));
		raw(CRLF);
		utf8(value, false);
		return raw(CRLF);
	}

	/**
	 * Appends argument {@code index} of a command as a bulk string (for {@code ECHO}).
	 * @param command the command view
	 * @param index the argument index
	 * @return this writer
	 */
	public RespReplyWriter bulk(RespCommand command, int index) {
		return bulk(command.array(), command.argOffset(index), command.argLength(index));
	}

	/**
	 * Appends the null bulk string {@code $-1\r\n} (Redis's reply for a missing key).
	 * @return this writer
	 */
	public RespReplyWriter nullBulk() {
		return raw(NULL_BULK);
	}

	/**
	 * Appends an array header {@code *<count>\r\n}; the caller then appends {@code count}
	 * elements.
	 * @param count the element count, at least 0
	 * @return this writer
	 */
	public RespReplyWriter arrayHeader(int count) {
		Checks.checkPositiveOrZero(count, "count");
		put((byte) '*');
		decimal(count);
		return raw(CRLF);
	}

	/**
	 * Appends the null array {@code *-1\r\n}.
	 * @return this writer
	 */
	public RespReplyWriter nullArray() {
		return raw(NULL_ARRAY);
	}

	/**
	 * Appends bytes that already are valid RESP (a preencoded reply).
	 * @param bytes the encoded reply
	 * @return this writer
	 */
	public RespReplyWriter raw(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.data, this.size, bytes.length);
		this.size += bytes.length;
		return this;
	}

	/**
	 * Returns how many bytes were written since the last {@link #clear()}.
	 * @return the byte count
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Returns the buffer; the replies are its first {@link #size()} bytes. It is replaced
	 * when the writer grows, so do not keep it across writes.
	 * @return the backing array
	 */
	public byte[] array() {
		return this.data;
	}

	/**
	 * Returns the replies as a buffer with position 0 and limit {@link #size()}. The same
	 * instance is returned until the writer grows, so it costs no allocation; valid until
	 * the next write or {@link #clear()}.
	 * @return a view of the written bytes
	 */
	public ByteBuffer buffer() {
		if (this.view == null || this.view.array() != this.data) {
			this.view = ByteBuffer.wrap(this.data);
		}
		return this.view.clear().limit(this.size);
	}

	/**
	 * Returns a copy of the written bytes.
	 * @return a new array of {@link #size()} bytes
	 */
	public byte[] toByteArray() {
		return Arrays.copyOf(this.data, this.size);
	}

	/**
	 * Forgets what was written, keeping the buffer.
	 * @return this writer
	 */
	public RespReplyWriter clear() {
		this.size = 0;
		return this;
	}

	private void put(byte b) {
		ensure(1);
		this.data[this.size++] = b;
	}

	/** Writes a status or error text as UTF-8 with CR and LF turned into spaces. */
	private void line(CharSequence text) {
		utf8(text, true);
	}

	private void decimal(long value) {
		if (value == Long.MIN_VALUE) {
			raw(LONG_MIN);
			return;
		}
		ensure(20);
		if (value < 0) {
			this.data[this.size++] = '-';
			value = -value;
		}
		int digits = 1;
		for (long v = value; v >= 10; v /= 10) {
			digits++;
		}
		int end = this.size + digits;
		for (int i = end - 1; i >= this.size; i--) {
			this.data[i] = (byte) ('0' + (value % 10));
			value /= 10;
		}
		this.size = end;
	}

	private static int utf8Length(CharSequence text) {
		int length = 0;
		int n = text.length();
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				length++;
			}
			else if (c < 0x800) {
				length += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
				length += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				length++;
			}
			else {
				length += 3;
			}
		}
		return length;
	}

	private void utf8(CharSequence text, boolean singleLine) {
		int n = text.length();
		ensure(n * 3);
		byte[] d = this.data;
		int s = this.size;
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				d[s++] = (singleLine && (c == '\r' || c == '\n')) ? (byte) ' ' : (byte) c;
			}
			else if (c < 0x800) {
				d[s++] = (byte) (0xC0 | (c >> 6));
				d[s++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
				int cp = Character.toCodePoint(c, text.charAt(++i));
				d[s++] = (byte) (0xF0 | (cp >> 18));
				d[s++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
				d[s++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
				d[s++] = (byte) (0x80 | (cp & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				d[s++] = '?';
			}
			else {
				d[s++] = (byte) (0xE0 | (c >> 12));
				d[s++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				d[s++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		this.size = s;
	}

	private void ensure(int more) {
		int needed = this.size + more;
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(needed, this.data.length * 2));
		}
	}

}
