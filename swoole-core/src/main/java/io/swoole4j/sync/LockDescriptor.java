package io.swoole4j.sync;

/**
 * Off-heap layouts of the locks of this package, so that other structures can embed a
 * lock in their own shared-memory regions. Every lock starts at an 8-byte aligned offset;
 * all fields are native byte order.
 *
 * <pre>
 * Mutex, SpinLock ({@value #OWNED_LOCK_SIZE} bytes)
 *  0                   8                16               24
 *  +-------------------+----------------+----------------+
 *  | owner word (long) | contended waits| recoveries     |
 *  +-------------------+----------------+----------------+
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
 *  24              28             32
 *  +---------------+--------------+
 *  | readers (int) | padding      |
 *  +---------------+--------------+
 *
 * Semaphore ({@value #SEMAPHORE_SIZE} bytes)
 *  0               4              8              12        16               24
 *  +---------------+--------------+--------------+---------+----------------+
 *  | permits (int) | max permits  | waiters (int)| padding | contended waits|
 *  +---------------+--------------+--------------+---------+----------------+
 *  permits is the futex word; waiters counts sleepers so that a release skips the wake
 *  call when nobody sleeps.
 *
 * Barrier ({@value #BARRIER_SIZE} bytes)
 *  0               4                 8               12             16
 *  +---------------+-----------------+---------------+--------------+
 *  | arrived (int) | generation (int)| parties (int) | padding      |
 *  +---------------+-----------------+---------------+--------------+
 *  arrived and generation form one long, changed by one CAS (on a big-endian machine the
 *  halves swap); generation is the futex word waiters sleep on.
 * </pre>
 *
 * The counters in memory are the rare events of every process (atomic adds on the slow
 * path); acquisitions are counted by each lock object in the Java heap, since a shared
 * counter would double the cost of an uncontended lock.
 * <p>
 * Offsets are {@code long}s, the coordinate type of the locks' exact layout VarHandles.
 */
public final class LockDescriptor {

	/** Alignment every lock's offset must have. */
	public static final int ALIGNMENT = 8;

	/** Offset of the owner word of a Mutex, SpinLock or RwLock writer. */
	public static final long OWNER_WORD_OFFSET = 0;

	/** Offset of the contended-wait counter of a Mutex, SpinLock or RwLock. */
	public static final long CONTENDED_OFFSET = 8;

	/** Offset of the recovery counter of a Mutex, SpinLock or RwLock. */
	public static final long RECOVERIES_OFFSET = 16;

	/** Size of a Mutex or SpinLock. */
	public static final int OWNED_LOCK_SIZE = 24;

	/** Offset of the RwLock reader count (the futex a writer waits on for readers). */
	public static final long RW_READERS_OFFSET = 24;

	/** Size of an RwLock. */
	public static final int RW_LOCK_SIZE = 32;

	/** Offset of the Semaphore permit count (its futex word). */
	public static final long SEMAPHORE_PERMITS_OFFSET = 0;

	/** Offset of the Semaphore's maximum permit count. */
	public static final long SEMAPHORE_MAX_PERMITS_OFFSET = 4;

	/** Offset of the Semaphore's sleeper count. */
	public static final long SEMAPHORE_WAITERS_OFFSET = 8;

	/** Offset of the Semaphore's contended-wait counter. */
	public static final long SEMAPHORE_CONTENDED_OFFSET = 16;

	/** Size of a Semaphore. */
	public static final int SEMAPHORE_SIZE = 24;

	/** Offset of the Barrier state: arrivals and generation in one long. */
	public static final long BARRIER_STATE_OFFSET = 0;

	/** Offset of the Barrier arrival count (little-endian machines). */
	public static final long BARRIER_ARRIVED_OFFSET = 0;

	/** Offset of the Barrier generation, its futex word (little-endian machines). */
	public static final long BARRIER_GENERATION_OFFSET = 4;

	/** Offset of the Barrier party count. */
	public static final long BARRIER_PARTIES_OFFSET = 8;

	/** Size of a Barrier. */
	public static final int BARRIER_SIZE = 16;

	private LockDescriptor() {
	}

}
