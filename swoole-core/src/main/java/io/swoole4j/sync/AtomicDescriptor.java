package io.swoole4j.sync;

/**
 * Off-heap layouts of {@link Atomic} and {@link AtomicLong}, native byte order.
 *
 * <pre>
 * Atomic ({@value #ATOMIC_SIZE} bytes, 4-byte aligned)
 *  0                    4
 *  +--------------------+
 *  | value (uint32)     |   also the futex word of wait/wakeup
 *  +--------------------+
 *
 * AtomicLong ({@value #ATOMIC_LONG_SIZE} bytes, 8-byte aligned)
 *  0                    8
 *  +--------------------+
 *  | value (int64)      |
 *  +--------------------+
 * </pre>
 */
public final class AtomicDescriptor {

	/** Size of an {@link Atomic}. */
	public static final int ATOMIC_SIZE = 4;

	/** Alignment of an {@link Atomic}. */
	public static final int ATOMIC_ALIGNMENT = 4;

	/** Size of an {@link AtomicLong}. */
	public static final int ATOMIC_LONG_SIZE = 8;

	/** Alignment of an {@link AtomicLong}. */
	public static final int ATOMIC_LONG_ALIGNMENT = 8;

	private AtomicDescriptor() {
	}

}
