package io.swoole4j.demo.redis;

import java.nio.charset.StandardCharsets;

/**
 * A reusable {@link CharSequence} over ASCII bytes of a command argument, so that a key
 * or a value reaches the {@link io.swoole4j.table.Table Table}'s typed API without a
 * {@code String} being built. Bound only to ASCII bytes, where one byte is one char and
 * the Table's UTF-8 encoding gives back the same bytes.
 * <p>
 * Confined to one connection's thread; valid until the next {@link #bind}.
 */
final class ByteView implements CharSequence {

	private byte[] data = new byte[0];

	private int offset;

	private int length;

	ByteView bind(byte[] data, int offset, int length) {
		this.data = data;
		this.offset = offset;
		this.length = length;
		return this;
	}

	/** Whether every byte of the range is below 0x80. */
	static boolean isAscii(byte[] data, int offset, int length) {
		for (int i = offset, end = offset + length; i < end; i++) {
			if (data[i] < 0) {
				return false;
			}
		}
		return true;
	}

	@Override
	public int length() {
		return this.length;
	}

	@Override
	public char charAt(int index) {
		return (char) (this.data[this.offset + index] & 0xFF);
	}

	@Override
	public CharSequence subSequence(int start, int end) {
		return toString().substring(start, end);
	}

	@Override
	public String toString() {
		return new String(this.data, this.offset, this.length, StandardCharsets.ISO_8859_1);
	}

}
