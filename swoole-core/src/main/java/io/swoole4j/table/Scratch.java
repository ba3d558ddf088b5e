package io.swoole4j.table;

import java.nio.charset.StandardCharsets;

import io.swoole4j.internal.Checks;

/**
 * A thread's reusable buffers: the current key as zero-padded UTF-8 bytes and its hash,
 * and room for one encoded string value. Lets the typed API hash and compare keys and
 * write strings without allocating.
 */
final class Scratch {

	private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

	/** The key, zero padded to a multiple of 8; room for the word compare. */
	final byte[] key = new byte[TableDescriptor.KEY_CAPACITY];

	int keyLength;

	int hash;

	/** An encoded string value. */
	byte[] value = new byte[64];

	int valueLength;

	/** Marks the thread's {@link RowWriter} in use. */
	RowWriter writer;

	static Scratch get() {
		return SCRATCH.get();
	}

	/**
	 * Encodes a key as UTF-8 and hashes it.
	 * @param chars the key
	 * @param hashFunction the table's hash
	 * @return this
	 * @throws IllegalArgumentException if the key is empty or longer than 63 bytes
	 */
	Scratch key(CharSequence chars, KeyHash hashFunction) {
		notNull(chars, "key");
		int n = chars.length();
		byte[] k = this.key;
		if (hashFunction == KeyHash.DEFAULT && n > 0 && n <= TableDescriptor.MAX_KEY_BYTES) {
			// the common case in one pass: an ASCII key hashed while it is copied
			int h = 5381;
			int i = 0;
			for (; i < n; i++) {
				char c = chars.charAt(i);
				if (c >= 0x80) {
					break;
				}
				k[i] = (byte) c;
				h = (h << 5) + h + c;
			}
			if (i == n) {
				padKey(k, n);
				this.keyLength = n;
				this.hash = KeyHash.mix(h);
				return this;
			}
		}
		int p = 0;
		for (int i = 0; i < n; i++) {
			char c = chars.charAt(i);
			if (c < 0x80) {
				if (p >= TableDescriptor.MAX_KEY_BYTES) {
					throw keyLengthError(chars.toString().getBytes(StandardCharsets.UTF_8).length);
				}
				k[p++] = (byte) c;
			}
			else {
				p = encodeNonAscii(chars, i, c, k, p, TableDescriptor.MAX_KEY_BYTES, true);
				if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars.charAt(i + 1))) {
					i++;
				}
			}
		}
		return finishKey(p, hashFunction);
	}

	/**
	 * Copies a key given as bytes and hashes it.
	 * @param bytes the key
	 * @param hashFunction the table's hash
	 * @return this
	 * @throws IllegalArgumentException if the key is empty or longer than 63 bytes
	 */
	Scratch key(byte[] bytes, KeyHash hashFunction) {
		notNull(bytes, "key");
		if (bytes.length > TableDescriptor.MAX_KEY_BYTES) {
			throw keyLengthError(bytes.length);
		}
		System.arraycopy(bytes, 0, this.key, 0, bytes.length);
		return finishKey(bytes.length, hashFunction);
	}

	private Scratch finishKey(int length, KeyHash hashFunction) {
		if (length == 0) {
			throw keyLengthError(0);
		}
		byte[] k = this.key;
		padKey(k, length);
		this.keyLength = length;
		this.hash = hashFunction.hash(k, length);
		return this;
	}

	private static void padKey(byte[] k, int length) {
		int padded = TableDescriptor.align(length, 8);
		for (int i = length; i < padded; i++) {
			k[i] = 0;
		}
	}

	/**
	 * Encodes a string value into {@link #value}.
	 * @param chars the value
	 * @param column the string column, whose size is the limit
	 * @throws IllegalArgumentException if the UTF-8 form is longer than the column
	 */
	void value(CharSequence chars, Column column) {
		notNull(chars, "value");
		int limit = column.size();
		if (this.value.length < limit) {
			this.value = new byte[limit];
		}
		byte[] v = this.value;
		int n = chars.length();
		int p = 0;
		for (int i = 0; i < n; i++) {
			char c = chars.charAt(i);
			if (c < 0x80) {
				if (p >= limit) {
					throw valueLengthError(column, chars.toString().getBytes(StandardCharsets.UTF_8).length);
				}
				v[p++] = (byte) c;
			}
			else {
				p = encodeNonAscii(chars, i, c, v, p, limit, false);
				if (p < 0) {
					throw valueLengthError(column, chars.toString().getBytes(StandardCharsets.UTF_8).length);
				}
				if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars.charAt(i + 1))) {
					i++;
				}
			}
		}
		this.valueLength = p;
	}

	/**
	 * Writes the UTF-8 form of the character at {@code i} (a pair if it is a surrogate
	 * pair; a lone surrogate becomes '?', as String.getBytes does).
	 * @return the new position, or -1 when the bytes would pass {@code limit} and
	 * {@code isKey} is false
	 */
	private static int encodeNonAscii(CharSequence chars, int i, char c, byte[] out, int p, int limit, boolean isKey) {
		int needed;
		int codePoint;
		if (c < 0x800) {
			needed = 2;
			codePoint = c;
		}
		else if (Character.isSurrogate(c)) {
			if (Character.isHighSurrogate(c) && i + 1 < chars.length()
					&& Character.isLowSurrogate(chars.charAt(i + 1))) {
				needed = 4;
				codePoint = Character.toCodePoint(c, chars.charAt(i + 1));
			}
			else {
				needed = 1;
				codePoint = '?';
			}
		}
		else {
			needed = 3;
			codePoint = c;
		}
		if (p + needed > limit) {
			if (isKey) {
				throw keyLengthError(chars.toString().getBytes(StandardCharsets.UTF_8).length);
			}
			return -1;
		}
		switch (needed) {
			case 1 -> out[p] = (byte) codePoint;
			case 2 -> {
				out[p] = (byte) (0xC0 | (codePoint >> 6));
				out[p + 1] = (byte) (0x80 | (codePoint & 0x3F));
			}
			case 3 -> {
				out[p] = (byte) (0xE0 | (codePoint >> 12));
				out[p + 1] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
				out[p + 2] = (byte) (0x80 | (codePoint & 0x3F));
			}
			default -> {
				out[p] = (byte) (0xF0 | (codePoint >> 18));
				out[p + 1] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
				out[p + 2] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
				out[p + 3] = (byte) (0x80 | (codePoint & 0x3F));
			}
		}
		return p + needed;
	}

	/**
	 * A null check for hot paths: unlike {@link Checks#checkNotNull}, it builds the
	 * message only when the check fails.
	 */
	static void notNull(Object value, String name) {
		if (value == null) {
			throw new NullPointerException(name + ": null (expected: not null)");
		}
	}

	static IllegalArgumentException keyLengthError(int length) {
		return Checks.fail("key", length + " bytes", "1 to " + TableDescriptor.MAX_KEY_BYTES + " bytes of UTF-8");
	}

	static IllegalArgumentException valueLengthError(Column column, int length) {
		return Checks.fail("value of column \"" + column.name() + "\"", length + " bytes",
				"at most " + column.size() + " bytes of UTF-8");
	}

}
