package io.swoole4j.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.swoole4j.internal.Checks;

/**
 * The type of a packet's length field, named by Swoole's {@code package_length_type}
 * codes (PHP {@code pack()} codes).
 * <p>
 * "Host order" codes use the order of this machine ({@link ByteOrder#nativeOrder()}),
 * exactly as Swoole does. Immutable and thread-safe.
 */
public enum LengthType {

	/** {@code c}: signed 8-bit. */
	INT8('c', 1, true, ByteOrder.BIG_ENDIAN),
	/** {@code C}: unsigned 8-bit. */
	UINT8('C', 1, false, ByteOrder.BIG_ENDIAN),
	/** {@code s}: signed 16-bit, host order. */
	INT16('s', 2, true, ByteOrder.nativeOrder()),
	/** {@code S}: unsigned 16-bit, host order. */
	UINT16('S', 2, false, ByteOrder.nativeOrder()),
	/** {@code n}: unsigned 16-bit, big-endian. */
	UINT16_BE('n', 2, false, ByteOrder.BIG_ENDIAN),
	/** {@code v}: unsigned 16-bit, little-endian. */
	UINT16_LE('v', 2, false, ByteOrder.LITTLE_ENDIAN),
	/** {@code l}: signed 32-bit, host order. */
	INT32('l', 4, true, ByteOrder.nativeOrder()),
	/** {@code L}: unsigned 32-bit, host order. */
	UINT32('L', 4, false, ByteOrder.nativeOrder()),
	/** {@code i}: signed native int (32-bit), host order. */
	INT('i', 4, true, ByteOrder.nativeOrder()),
	/** {@code I}: unsigned native int (32-bit), host order. */
	UINT('I', 4, false, ByteOrder.nativeOrder()),
	/** {@code N}: unsigned 32-bit, big-endian (Swoole's default). */
	UINT32_BE('N', 4, false, ByteOrder.BIG_ENDIAN),
	/** {@code V}: unsigned 32-bit, little-endian. */
	UINT32_LE('V', 4, false, ByteOrder.LITTLE_ENDIAN),
	/** {@code q}: signed 64-bit, host order. */
	INT64('q', 8, true, ByteOrder.nativeOrder()),
	/** {@code Q}: unsigned 64-bit, host order. */
	UINT64('Q', 8, false, ByteOrder.nativeOrder()),
	/** {@code J}: unsigned 64-bit, big-endian. */
	UINT64_BE('J', 8, false, ByteOrder.BIG_ENDIAN),
	/** {@code P}: unsigned 64-bit, little-endian. */
	UINT64_LE('P', 8, false, ByteOrder.LITTLE_ENDIAN);

	/**
	 * Returned by {@link #read} for an unsigned 64-bit value that does not fit a signed
	 * {@code long}; callers treat it like any other over-long length.
	 */
	public static final long OVERFLOW = Long.MAX_VALUE;

	private final char code;

	private final int size;

	private final boolean signed;

	private final ByteOrder order;

	LengthType(char code, int size, boolean signed, ByteOrder order) {
		this.code = code;
		this.size = size;
		this.signed = signed;
		this.order = order;
	}

	/**
	 * Returns the type for a Swoole/PHP pack code.
	 * @throws IllegalArgumentException for an unknown code
	 */
	public static LengthType ofCode(char code) {
		for (LengthType type : values()) {
			if (type.code == code) {
				return type;
			}
		}
		throw Checks.fail("packageLengthType", "'" + code + "'", "one of c C s S n v l L i I N V q Q J P");
	}

	/** The pack code, for example {@code 'N'}. */
	public char code() {
		return this.code;
	}

	/** Width of the field in bytes. */
	public int size() {
		return this.size;
	}

	/** Whether the field is signed (a negative value is malformed). */
	public boolean signed() {
		return this.signed;
	}

	/** Byte order of the field. */
	public ByteOrder order() {
		return this.order;
	}

	/**
	 * Reads the field at absolute index {@code index}, ignoring the buffer's position,
	 * limit and order. Signed values may be negative; unsigned 64-bit values above
	 * {@link Long#MAX_VALUE} read as {@link #OVERFLOW}.
	 */
	public long read(ByteBuffer buf, int index) {
		long value = 0;
		if (this.order == ByteOrder.BIG_ENDIAN) {
			for (int i = 0; i < this.size; i++) {
				value = (value << 8) | (buf.get(index + i) & 0xFF);
			}
		}
		else {
			for (int i = this.size - 1; i >= 0; i--) {
				value = (value << 8) | (buf.get(index + i) & 0xFF);
			}
		}
		if (this.size < 8) {
			if (this.signed) {
				int shift = 64 - this.size * 8;
				value = (value << shift) >> shift;
			}
			return value;
		}
		if (!this.signed && value < 0) {
			return OVERFLOW;
		}
		return value;
	}

	/**
	 * Writes {@code value} into the field at absolute index {@code index} (the low
	 * {@link #size()} bytes, in this type's order).
	 */
	public void write(ByteBuffer buf, int index, long value) {
		if (this.order == ByteOrder.BIG_ENDIAN) {
			for (int i = this.size - 1; i >= 0; i--) {
				buf.put(index + i, (byte) value);
				value >>>= 8;
			}
		}
		else {
			for (int i = 0; i < this.size; i++) {
				buf.put(index + i, (byte) value);
				value >>>= 8;
			}
		}
	}

}
