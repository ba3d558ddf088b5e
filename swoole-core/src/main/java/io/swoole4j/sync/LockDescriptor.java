package io.swoole4j.sync;

/**
 * Off-heap layouts of the locks of this package, so that other structures can embed a
 * lock in their own shared-memory regions. Every lock starts at an 8-byte aligned offset;
 * all fields are native byte order.
 *
 * <pre>
 * Mutex, SpinLock ({@value #OWNED_LOCK_SIZE} bytes)
 *  0                   8              16             24             32
 *  +-------------------+--------------+--------------+--------------+
 *  | owner word (long) | acquisitions | contended    | recoveries   |
 *  +-------------------+--------------+--------------+--------------+
 *
 * owner word: 0 when free; otherwise
 *  63            32 31                        1   0
 *  +---------------+---------------------------+---+
 *  |  owner pid    | owner thread id (31 bits) | W |   W = someone may sleep on it
 *  +---------------+---------------------------+---+
 *  The futex word is the low 32 bits (thread id and W), at offset 0 on little-endian
 *  machines.
 *
 * RwLock ({@value #RW_LOCK_SIZE} bytes): the Mutex layout for the writer, then
 *  32              36             40                  48
 *  +---------------+--------------+-------------------+
 *  | readers (int) | padding      | read acquisitions |
 *  +---------------+--------------+-------------------+
 *
 * Semaphore ({@value #SEMAPHORE_SIZE} bytes)
 *  0               4              8              16             24             32
 *  +---------------+--------------+--------------+--------------+--------------+
 *  | permits (int) | max permits  | acquisitions | contended    | recoveries   |
 *  +---------------+--------------+--------------+--------------+--------------+
 *
 * Barrier ({@value #BARRIER_SIZE} bytes)
 *  0               4                 8               12             16
 *  +---------------+-----------------+---------------+--------------+
 *  | arrived (int) | generation (int)| parties (int) | padding      |
 *  +---------------+-----------------+---------------+--------------+
 * </pre>
 *
 * Counters are updated by the holder while it holds the lock (plain stores, ordered by
 * the lock's own atomic operations), read with volatile loads.
 */
public final class LockDescriptor {

	/** Alignment every lock's offset must have. */
	public static final int ALIGNMENT = 8;

	/** Offset of the owner word of a Mutex, SpinLock or RwLock writer. */
	public static final int OWNER_WORD_OFFSET = 0;

	/** Offset of the acquisition counter (every kind but Barrier). */
	public static final int ACQUISITIONS_OFFSET = 8;

	/** Offset of the contended-wait counter (every kind but Barrier). */
	public static final int CONTENDED_OFFSET = 16;

	/** Offset of the recovery counter (every kind but Barrier). */
	public static final int RECOVERIES_OFFSET = 24;

	/** Size of a Mutex or SpinLock. */
	public static final int OWNED_LOCK_SIZE = 32;

	/** Offset of the RwLock reader count (the futex a writer waits on for readers). */
	public static final int RW_READERS_OFFSET = 32;

	/** Offset of the RwLock read acquisition counter. */
	public static final int RW_READ_ACQUISITIONS_OFFSET = 40;

	/** Size of an RwLock. */
	public static final int RW_LOCK_SIZE = 48;

	/** Offset of the Semaphore permit count (its futex word). */
	public static final int SEMAPHORE_PERMITS_OFFSET = 0;

	/** Offset of the Semaphore's maximum permit count. */
	public static final int SEMAPHORE_MAX_PERMITS_OFFSET = 4;

	/** Size of a Semaphore. */
	public static final int SEMAPHORE_SIZE = 32;

	/** Offset of the Barrier arrival count. */
	public static final int BARRIER_ARRIVED_OFFSET = 0;

	/** Offset of the Barrier generation (its futex word). */
	public static final int BARRIER_GENERATION_OFFSET = 4;

	/** Offset of the Barrier party count. */
	public static final int BARRIER_PARTIES_OFFSET = 8;

	/** Size of a Barrier. */
	public static final int BARRIER_SIZE = 16;

	private LockDescriptor() {
	}

}
