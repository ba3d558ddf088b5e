package io.swoole4j.internal;

/**
 * Argument checks that return the checked value and fail with one message shape:
 * {@code name: value (expected: rule)}.
 * <p>
 * Thread-safe (stateless). Every method throws {@link IllegalArgumentException} (or
 * {@link NullPointerException} for {@link #checkNotNull}) when the check fails.
 */
public final class Checks {

	private Checks() {
	}

	public static <T> T checkNotNull(T value, String name) {
		// no message is built unless the check fails: this runs on hot paths
		if (value == null) {
			throw new NullPointerException(name + ": null (expected: not null)");
		}
		return value;
	}

	public static int checkPositive(int value, String name) {
		if (value <= 0) {
			throw fail(name, value, "> 0");
		}
		return value;
	}

	public static long checkPositive(long value, String name) {
		if (value <= 0) {
			throw fail(name, value, "> 0");
		}
		return value;
	}

	public static int checkPositiveOrZero(int value, String name) {
		if (value < 0) {
			throw fail(name, value, ">= 0");
		}
		return value;
	}

	public static long checkPositiveOrZero(long value, String name) {
		if (value < 0) {
			throw fail(name, value, ">= 0");
		}
		return value;
	}

	public static int checkInRange(int value, int min, int max, String name) {
		if (value < min || value > max) {
			throw fail(name, value, "in [" + min + ", " + max + "]");
		}
		return value;
	}

	public static long checkInRange(long value, long min, long max, String name) {
		if (value < min || value > max) {
			throw fail(name, value, "in [" + min + ", " + max + "]");
		}
		return value;
	}

	public static double checkInRange(double value, double min, double max, String name) {
		if (!(value >= min && value <= max)) {
			throw fail(name, value, "in [" + min + ", " + max + "]");
		}
		return value;
	}

	public static int checkPowerOfTwo(int value, String name) {
		if (value <= 0 || (value & (value - 1)) != 0) {
			throw fail(name, value, "a power of 2");
		}
		return value;
	}

	public static String checkNotEmpty(String value, String name) {
		checkNotNull(value, name);
		if (value.isEmpty()) {
			throw new IllegalArgumentException(name + ": \"\" (expected: not empty)");
		}
		return value;
	}

	/**
	 * Builds the exception for a failed check so that callers with rules of their own
	 * keep the same message shape.
	 */
	public static IllegalArgumentException fail(String name, Object value, String expected) {
		return new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
	}

}
