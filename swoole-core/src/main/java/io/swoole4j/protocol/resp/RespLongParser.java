package io.swoole4j.protocol.resp;

/**
 * An incremental twin of Redis's {@code string2ll}: bytes are fed one at a time (so a
 * number split across reads needs no buffer) and the result is the same as
 * {@code string2ll} on the whole text. Accepted: {@code 0}, or an optional {@code -}
 * followed by a digit 1-9 and more digits, within the range of a {@code long}. Refused:
 * the empty text, a lone {@code -}, {@code -0}, leading zeros, {@code +}, spaces,
 * anything else and overflow.
 * <p>
 * Not thread-safe; reused after {@link #reset()}.
 */
final class RespLongParser {

	private long accumulator;

	private int length;

	private boolean negative;

	private boolean zero;

	private boolean invalid;

	void reset() {
		this.accumulator = 0;
		this.length = 0;
		this.negative = false;
		this.zero = false;
		this.invalid = false;
	}

	void accept(byte b) {
		int index = this.length++;
		if (this.invalid) {
			return;
		}
		int digit = b - '0';
		if (index == 0) {
			if (b == '-') {
				this.negative = true;
			}
			else if (digit == 0) {
				this.zero = true;
			}
			else if (digit > 0 && digit <= 9) {
				this.accumulator = -digit;
			}
			else {
				this.invalid = true;
			}
			return;
		}
		if (this.zero || digit < 0 || digit > 9 || (this.negative && index == 1 && digit == 0)) {
			this.invalid = true;
			return;
		}
		// Accumulate negatively so that Long.MIN_VALUE, whose magnitude has no positive
		// long, parses like string2ll parses LLONG_MIN.
		if (this.accumulator < Long.MIN_VALUE / 10 || this.accumulator * 10 < Long.MIN_VALUE + digit) {
			this.invalid = true;
			return;
		}
		this.accumulator = this.accumulator * 10 - digit;
	}

	/** Bytes fed since the last reset. */
	int length() {
		return this.length;
	}

	boolean isValid() {
		if (this.invalid || this.length == 0 || (this.negative && this.length == 1)) {
			return false;
		}
		return this.negative || this.zero || this.accumulator != Long.MIN_VALUE;
	}

	/** The value; meaningful only when {@link #isValid()}. */
	long value() {
		if (this.zero) {
			return 0;
		}
		return this.negative ? this.accumulator : -this.accumulator;
	}

}
