package io.swoole4j.ipc;

import io.swoole4j.internal.Checks;

/**
 * The shared-memory layout of a {@link Channel}: a header of cache-line-separated control
 * words, then the ring and its overflow area. All fields are native byte order; every
 * offset is relative to the start of the region, so each JVM may map it anywhere.
 * Producer and consumer fields sit 128 bytes apart (two cache lines, against adjacent
 * line prefetch) so that a producer and a consumer never write the same line.
 *
 * <pre>
 * header
 *   0        4         8              16             20                           128
 *   +--------+---------+--------------+--------------+----------------------------+
 *   | magic  | version | capacity     | maxMessage   | reserved                   |
 *   | int    | int     | long         | Length (int) |                            |
 *   +--------+---------+--------------+--------------+----------------------------+
 * producers (written under the producer lock)
 * 128           136      144         152      160           168       176       184
 *   +-------------+--------+-----------+--------+-------------+---------+---------+
 *   | producer    | tail   | headCache | pushed | pushedBytes | refused | owned   |
 *   | lock (long) |        |           |        |             |         |         |
 *   +-------------+--------+-----------+--------+-------------+---------+---------+
 * consumers (written under the consumer lock)
 * 256           264      272      280           288
 *   +-------------+--------+--------+-------------+
 *   | consumer    | head   | popped | poppedBytes |
 *   | lock (long) |        |        |             |
 *   +-------------+--------+--------+-------------+
 * notification (futex words and sleeper counts, ints)
 * 384           388            392      448          452             456
 *   +-------------+--------------+ ... +  +----------+---------------+
 *   | notEmpty    | popWaiters   |        | notFull  | pushWaiters   |
 *   +-------------+--------------+        +----------+---------------+
 * ring (the span is twice the capacity; at most a capacity of it is queued)
 * 512                                             512 + 2 * capacity   + overflow
 *   +---------------------------------------------+-----------------------+
 *   | slots                                       | overflow              |
 *   +---------------------------------------------+-----------------------+
 * slot (4-byte aligned; padded to a multiple of 4)
 *   +------------------+------------------------+---------+
 *   | header (int)     | payload (length bytes) | padding |
 *   +------------------+------------------------+---------+
 * header: length + 1 once published; the header word at tail is always 0
 * </pre>
 * <p>
 * The offsets are {@code long}s because they are the coordinates of the
 * {@code (MemorySegment, long)} VarHandles that access the words: an {@code int} there
 * would make every such access a non-exact invocation, adapted on each call.
 * <p>
 * <b>Ring algorithm</b> (Swoole's swChannel, with monotonic positions instead of wrap
 * tags). {@code head} and {@code tail} only grow; a slot lives at ring offset
 * {@code position & (span - 1)} (the capacity, so the span, is a power of 2). A slot is
 * always written in one piece: when it starts near the end of the span it runs on into
 * the overflow area (sized for the largest slot), and the next position jumps to the
 * start of the next lap, the skipped bytes counting as used until the reader passes them.
 * So {@code tail - head <= capacity} always holds, a push fits iff
 * {@code tail + slot - head <= capacity}, and the channel is empty iff
 * {@code head == tail}. Producers and consumers apply the same rule to advance, so no
 * marker is stored for the jump.
 * <p>
 * <b>Publishing by header.</b> A producer copies the payload, clears the header word of
 * the next slot (at its new {@code tail}), then publishes its own slot with a release
 * store of its header ({@code length + 1}) and moves {@code tail}. A consumer looks only
 * at the header at {@code head}: positive means a message is there (at
 * {@code head == tail} the word is the cleared one). So a consumer never reads the
 * producers' line and never writes the ring, and a producer reads {@code head} only when
 * its cached view says full. The next slot's header word is always free space, whatever a
 * lap before left there, because the ring spans twice the capacity:
 * {@code tail - head <= capacity} leaves at least a capacity of free bytes after
 * {@code tail}.
 * <p>
 * <b>Locking</b> (the two-lock queue). Producers serialise on the producer lock and
 * consumers on the consumer lock, so one producer and one consumer never contend. A lock
 * word is 0 when free and the holder's pid when held: taken by a CAS, freed by a release
 * store, and taken over by a waiter once the holding process is dead. Each side's lock,
 * position and counters share one cache line, so an uncontended push or pop writes one
 * control line besides the slot. A consumer frees a slot by a release store of
 * {@code head}; producers keep their last view of it ({@code headCache}) on their own
 * line. A waiter that takes over a dead producer's lock first completes the pushes the
 * holder had published but not counted in {@code tail} (a batch publishes message by
 * message and moves {@code tail} once).
 * <p>
 * <b>Owning lines ahead.</b> A line a consumer has read stays in its cache, so a
 * producer's next store there must first take it back, and the producer lock's CAS (a
 * full fence) then waits for that round trip: once per message, which across distant
 * cores costs more than the rest of a push. So a producer, running low, writes a zero
 * word into each line of the next {@link #OWN_AHEAD} free bytes after {@code tail} in one
 * go (free space: nobody reads it, and {@code tail - head <= capacity} keeps at least a
 * capacity free) and records how far it went in {@code owned}; the lines' round trips
 * then overlap, and the pushes that fill them find the lines already theirs.
 * <p>
 * <b>Notification.</b> {@code notEmpty} and {@code notFull} are futex words bumped after
 * a push or pop only when {@code popWaiters} / {@code pushWaiters} says someone sleeps,
 * so the uncontended path makes no system call.
 */
public final class ChannelDescriptor {

	/** {@code "SWCH"}: marks an initialised channel region. */
	public static final int MAGIC = 0x53574348;

	/** The layout's version. */
	public static final int VERSION = 5;

	/** Offset of the magic. */
	public static final long MAGIC_OFFSET = 0;

	/** Offset of the version. */
	public static final long VERSION_OFFSET = 4;

	/** Offset of the ring capacity in bytes (long). */
	public static final long CAPACITY_OFFSET = 8;

	/** Offset of the largest message's length (int). */
	public static final long MAX_MESSAGE_LENGTH_OFFSET = 16;

	/** Offset of the producers' lock word: 0 free, else the holder's pid (long). */
	public static final long PRODUCER_LOCK_OFFSET = 128;

	/** Offset of the write position (long). */
	public static final long TAIL_OFFSET = 136;

	/** Offset of the producers' last view of {@code head} (long). */
	public static final long HEAD_CACHE_OFFSET = 144;

	/** Offset of the count of pushes ever (long). */
	public static final long PUSHED_OFFSET = 152;

	/** Offset of the payload bytes ever pushed (long). */
	public static final long PUSHED_BYTES_OFFSET = 160;

	/** Offset of the count of pushes refused as full (long). */
	public static final long REFUSED_OFFSET = 168;

	/**
	 * Offset of the position up to which producers have already written into the free
	 * lines ahead of {@code tail} (long).
	 */
	public static final long OWNED_OFFSET = 176;

	/** Offset of the consumers' lock word: 0 free, else the holder's pid (long). */
	public static final long CONSUMER_LOCK_OFFSET = 256;

	/** Offset of the read position (long). */
	public static final long HEAD_OFFSET = 264;

	/** Offset of the count of pops ever (long). */
	public static final long POPPED_OFFSET = 272;

	/** Offset of the payload bytes ever popped (long). */
	public static final long POPPED_BYTES_OFFSET = 280;

	/** Offset of the futex word bumped when a push may wake a consumer (int). */
	public static final long NOT_EMPTY_OFFSET = 384;

	/** Offset of the number of consumers sleeping on {@link #NOT_EMPTY_OFFSET} (int). */
	public static final long POP_WAITERS_OFFSET = 388;

	/** Offset of the futex word bumped when a pop may wake a producer (int). */
	public static final long NOT_FULL_OFFSET = 448;

	/** Offset of the number of producers sleeping on {@link #NOT_FULL_OFFSET} (int). */
	public static final long PUSH_WAITERS_OFFSET = 452;

	/** Offset of the ring. */
	public static final long RING_OFFSET = 512;

	/** Bytes of the length field in front of each payload. */
	public static final int SLOT_HEADER = 4;

	/** Alignment of slots. */
	public static final int SLOT_ALIGNMENT = 4;

	/** How many free bytes after {@code tail} producers take ownership of at once. */
	public static final int OWN_AHEAD = 2048;

	/** The cache line size assumed for owning lines ahead. */
	public static final int LINE = 64;

	/** The largest capacity: 1 GiB. */
	public static final int MAX_CAPACITY = 1 << 30;

	private ChannelDescriptor() {
	}

	/**
	 * Returns the room a message takes in the ring: header plus payload, padded.
	 * @param length the payload's length
	 * @return bytes
	 */
	public static int slotLength(int length) {
		return (SLOT_HEADER + length + SLOT_ALIGNMENT - 1) & -SLOT_ALIGNMENT;
	}

	/**
	 * Returns the capacity a channel really gets for a requested one: rounded up to a
	 * power of 2, so that a position's ring offset is a mask, not a division.
	 * @param capacity the requested ring size, 1 to {@link #MAX_CAPACITY}
	 * @return the ring size used
	 */
	public static int ringCapacity(int capacity) {
		return (capacity <= 1) ? 1 : Integer.highestOneBit(capacity - 1) << 1;
	}

	/**
	 * Checks a capacity and maximum message length together.
	 * @param capacity ring bytes
	 * @param maxMessageLength largest payload
	 * @throws IllegalArgumentException if the ring cannot hold one largest message
	 */
	public static void checkCapacity(int capacity, int maxMessageLength) {
		Checks.checkInRange(capacity, 16, MAX_CAPACITY, "capacity");
		Checks.checkInRange(maxMessageLength, 0, capacity - SLOT_HEADER, "maxMessageLength");
	}

	/**
	 * Returns the bytes the ring's positions wrap around: twice the capacity.
	 * @param capacity the aligned ring capacity
	 * @return the span
	 */
	public static long ringSpan(long capacity) {
		return 2 * capacity;
	}

	/**
	 * Returns the size of a region holding a channel.
	 * @param capacity the aligned ring capacity
	 * @param maxMessageLength the largest payload
	 * @return bytes: header, ring span and overflow area
	 */
	public static long regionSize(int capacity, int maxMessageLength) {
		return RING_OFFSET + ringSpan(capacity) + slotLength(maxMessageLength);
	}

}
