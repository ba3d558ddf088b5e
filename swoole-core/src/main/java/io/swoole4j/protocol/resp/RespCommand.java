package io.swoole4j.protocol.resp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One parsed command: its arguments as byte ranges in a buffer the parser owns, with
 * index 0 the command name, as in Redis's {@code argv} ({@code SET k v} has
 * {@link #argCount()} 3).
 * <p>
 * A view, reused by its {@link RespRequestParser}: valid from the {@code parse} call that
 * returned {@link RespRequestParser#COMMAND} until the next {@code parse} or
 * {@code reset} on that parser. Keep data past that with {@link #argBytes(int)} or
 * {@link #argAsString(int)}. Not thread-safe: use it on the thread that parsed it.
 * Methods taking an index throw {@link IndexOutOfBoundsException} outside
 * {@code [0, argCount())}. Only {@code argBytes}, {@code argAsString} and
 * {@code toString} allocate.
 */
public final class RespCommand {

	private static final int INITIAL_ARGS = 8;

	private static final int INITIAL_BYTES = 256;

	private final RespLongParser longParser = new RespLongParser();

	private byte[] data = new byte[INITIAL_BYTES];

	private int used;

	private int[] offsets = new int[INITIAL_ARGS];

	private int[] lengths = new int[INITIAL_ARGS];

	private int argCount;

	RespCommand() {
	}

	/**
	 * Returns the number of arguments, the command name included.
	 * @return the argument count, at least 1 for a command returned by the parser
	 */
	public int argCount() {
		return this.argCount;
	}

	/**
	 * Tells whether the command name equals {@code name}, ignoring ASCII case, without
	 * allocating ({@code command.is("SET")}).
	 * @param name the name to compare with
	 * @return whether argument 0 matches
	 */
	public boolean is(String name) {
		return this.argCount > 0 && argIs(0, name);
	}

	/**
	 * Tells whether argument {@code index} equals {@code keyword}, ignoring ASCII case,
	 * without allocating (for options such as {@code EX} or {@code NX}).
	 * @param index the argument index
	 * @param keyword the keyword, compared char by char with the argument's bytes
	 * @return whether they match
	 */
	public boolean argIs(int index, String keyword) {
		checkIndex(index);
		int length = this.lengths[index];
		if (length != keyword.length()) {
			return false;
		}
		int offset = this.offsets[index];
		for (int i = 0; i < length; i++) {
			if (upper(this.data[offset + i] & 0xFF) != upper(keyword.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Tells whether argument {@code index} holds exactly the bytes {@code value}.
	 * @param index the argument index
	 * @param value the bytes to compare with
	 * @return whether they are equal
	 */
	public boolean argEquals(int index, byte[] value) {
		checkIndex(index);
		int offset = this.offsets[index];
		return Arrays.equals(this.data, offset, offset + this.lengths[index], value, 0, value.length);
	}

	/**
	 * Returns the length in bytes of argument {@code index}.
	 * @param index the argument index
	 * @return its length, possibly 0
	 */
	public int argLength(int index) {
		checkIndex(index);
		return this.lengths[index];
	}

	/**
	 * Returns where argument {@code index} starts in {@link #array()}.
	 * @param index the argument index
	 * @return its offset
	 */
	public int argOffset(int index) {
		checkIndex(index);
		return this.offsets[index];
	}

	/**
	 * Returns the buffer holding every argument, for zero-copy reads through
	 * {@link #argOffset(int)} and {@link #argLength(int)}. Read-only by contract, valid
	 * as long as this view is.
	 * @return the parser's argument buffer
	 */
	public byte[] array() {
		return this.data;
	}

	/**
	 * Returns a copy of argument {@code index}.
	 * @param index the argument index
	 * @return a new array with its bytes
	 */
	public byte[] argBytes(int index) {
		checkIndex(index);
		int offset = this.offsets[index];
		return Arrays.copyOfRange(this.data, offset, offset + this.lengths[index]);
	}

	/**
	 * Decodes argument {@code index} as UTF-8 (malformed input becomes U+FFFD).
	 * @param index the argument index
	 * @return a new string
	 */
	public String argAsString(int index) {
		checkIndex(index);
		return new String(this.data, this.offsets[index], this.lengths[index], StandardCharsets.UTF_8);
	}

	/**
	 * Tells whether {@link #argAsLong(int)} would succeed.
	 * @param index the argument index
	 * @return whether the argument is a canonical 64-bit integer
	 */
	public boolean argIsLong(int index) {
		return parseLong(index);
	}

	/**
	 * Reads argument {@code index} as a 64-bit integer with Redis's rules
	 * ({@code string2ll}: optional {@code -}, no {@code +}, no spaces, no leading zeros).
	 * @param index the argument index
	 * @return its value
	 * @throws RespArgumentException {@link RespArgumentException#NOT_AN_INTEGER}
	 * (stackless, preallocated) when it is not one; reply with its message
	 */
	public long argAsLong(int index) {
		if (!parseLong(index)) {
			throw RespArgumentException.NOT_AN_INTEGER;
		}
		return this.longParser.value();
	}

	private boolean parseLong(int index) {
		checkIndex(index);
		RespLongParser parser = this.longParser;
		parser.reset();
		int offset = this.offsets[index];
		int end = offset + this.lengths[index];
		for (int i = offset; i < end; i++) {
			parser.accept(this.data[i]);
		}
		return parser.isValid();
	}

	/**
	 * Renders the arguments for logs and test failures, decoded as UTF-8 and quoted.
	 * @return a new string such as {@code ["SET", "k", "v"]}
	 */
	@Override
	public String toString() {
		StringBuilder builder = new StringBuilder("[");
		for (int i = 0; i < this.argCount; i++) {
			builder.append(i == 0 ? "\"" : ", \"").append(argAsString(i)).append('"');
		}
		return builder.append(']').toString();
	}

	private void checkIndex(int index) {
		Objects.checkIndex(index, this.argCount);
	}

	private static int upper(int c) {
		return (c >= 'a' && c <= 'z') ? c - ('a' - 'A') : c;
	}

	// ---- filled by the parser ----

	void clear() {
		this.used = 0;
		this.argCount = 0;
	}

	/** Bytes held by all arguments so far, the one in progress included. */
	int usedBytes() {
		return this.used;
	}

	int capacity() {
		return this.data.length;
	}

	void beginArg() {
		if (this.argCount == this.offsets.length) {
			int grown = this.offsets.length * 2;
			this.offsets = Arrays.copyOf(this.offsets, grown);
			this.lengths = Arrays.copyOf(this.lengths, grown);
		}
		this.offsets[this.argCount] = this.used;
	}

	void endArg() {
		this.lengths[this.argCount] = this.used - this.offsets[this.argCount];
		this.argCount++;
	}

	void append(byte b) {
		ensureCapacity(1);
		this.data[this.used++] = b;
	}

	void append(MemorySegment source, long offset, int length) {
		ensureCapacity(length);
		MemorySegment.copy(source, ValueLayout.JAVA_BYTE, offset, this.data, this.used, length);
		this.used += length;
	}

	void ensureCapacity(int more) {
		int needed = this.used + more;
		if (needed > this.data.length) {
			// Grows with what has arrived, never with what was declared, so a client that
			// announces a large bulk and sends nothing costs nothing.
			this.data = Arrays.copyOf(this.data, Math.max(needed, this.data.length * 2));
		}
	}

}
