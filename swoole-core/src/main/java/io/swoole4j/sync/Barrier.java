package io.swoole4j.sync;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Duration;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;
import io.swoole4j.memory.SharedMemory;

/**
 * A cyclic barrier in memory for a fixed number of parties, threads of one JVM or of
 * several JVMs (Swoole's {@code Barrier}, with which the master waits for its reactor
 * threads and manager before {@code onStart}).
 * <p>
 * One long holds the arrival count and a generation (see {@link LockDescriptor}). A party
 * arrives with one CAS; the last one resets the count, advances the generation and wakes
 * every sleeper; the others sleep on the generation with a futex until it changes. A
 * party that gives up at its timeout withdraws its arrival with a CAS, unless the
 * generation moved first (then it passed). The barrier is reusable right after it opens.
 * A party process that dies before arriving keeps the others waiting until their
 * timeouts; use {@link #await(Duration)} where that can happen.
 * <p>
 * Thread-safe. Layout: {@link LockDescriptor}, {@link #SIZE} bytes.
 */
public final class Barrier {

	/** Bytes a barrier occupies in a region. */
	public static final int SIZE = LockDescriptor.BARRIER_SIZE;

	private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

	private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle().withInvokeExactBehavior();

	private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

	private final MemorySegment memory;

	private final MemorySegment generationWord;

	private final int parties;

	private Barrier(MemorySegment memory) {
		this.memory = memory;
		this.generationWord = memory.asSlice(LITTLE_ENDIAN ? 4 : 0, 4);
		this.parties = (int) INT.getVolatile(memory, LockDescriptor.BARRIER_PARTIES_OFFSET);
	}

	/**
	 * Creates a barrier for the threads of this JVM.
	 * @param parties how many must arrive, &gt; 0
	 * @return the barrier
	 */
	public static Barrier create(int parties) {
		return initialise(Placement.anonymous(SIZE), parties);
	}

	/**
	 * Initialises a barrier at {@code offset} of {@code region}, before any other process
	 * attaches.
	 * @param region the region; named for use across JVMs
	 * @param offset 8-byte aligned, with {@link #SIZE} bytes inside the region
	 * @param parties how many must arrive, &gt; 0
	 * @return the barrier
	 */
	public static Barrier create(SharedMemory region, long offset, int parties) {
		return initialise(Placement.slice(region, offset, SIZE, LockDescriptor.ALIGNMENT), parties);
	}

	/**
	 * Uses a barrier that {@link #create(SharedMemory, long, int)} initialised, possibly
	 * in another JVM.
	 * @param region the region
	 * @param offset where the barrier starts
	 * @return the barrier
	 * @throws IllegalArgumentException if no barrier was initialised there
	 */
	public static Barrier attach(SharedMemory region, long offset) {
		Barrier barrier = new Barrier(Placement.slice(region, offset, SIZE, LockDescriptor.ALIGNMENT));
		Checks.checkPositive(barrier.parties, "parties");
		return barrier;
	}

	private static Barrier initialise(MemorySegment memory, int parties) {
		Checks.checkPositive(parties, "parties");
		memory.fill((byte) 0);
		INT.setVolatile(memory, LockDescriptor.BARRIER_PARTIES_OFFSET, parties);
		return new Barrier(memory);
	}

	/**
	 * Returns the number of parties.
	 * @return the parties
	 */
	public int parties() {
		return this.parties;
	}

	/**
	 * Returns how many parties are waiting now.
	 * @return the arrivals of the current generation
	 */
	public int arrived() {
		return arrivedOf((long) LONG.getVolatile(this.memory, 0L));
	}

	/**
	 * Arrives and waits, without limit, until every party has.
	 */
	public void await() {
		await(false, 0L);
	}

	/**
	 * Arrives and waits until every party has, at most {@code timeout}.
	 * @param timeout the longest wait
	 * @return true if the barrier opened, false if the timeout passed first (the arrival
	 * is withdrawn)
	 */
	public boolean await(Duration timeout) {
		return await(true, Timeouts.deadline(timeout));
	}

	private boolean await(boolean timed, long deadline) {
		long state;
		long next;
		do {
			state = (long) LONG.getVolatile(this.memory, 0L);
			int arrived = arrivedOf(state) + 1;
			next = (arrived == this.parties) ? pack(0, generationOf(state) + 1) : pack(arrived, generationOf(state));
		}
		while (!LONG.compareAndSet(this.memory, 0L, state, next));
		int generation = generationOf(state);
		if (generationOf(next) != generation) {
			Native.futexWake(this.generationWord, Integer.MAX_VALUE);
			return true;
		}
		while (true) {
			long now = System.nanoTime();
			if (timed && now - deadline >= 0) {
				return withdraw(generation);
			}
			Native.futexWait(this.generationWord, generation, timed ? deadline - now : -1);
			if (generationOf((long) LONG.getVolatile(this.memory, 0L)) != generation) {
				return true;
			}
		}
	}

	private boolean withdraw(int generation) {
		while (true) {
			long state = (long) LONG.getVolatile(this.memory, 0L);
			if (generationOf(state) != generation) {
				return true;
			}
			if (LONG.compareAndSet(this.memory, 0L, state, pack(arrivedOf(state) - 1, generation))) {
				return false;
			}
		}
	}

	private static long pack(int arrived, int generation) {
		long low = LITTLE_ENDIAN ? arrived : generation;
		long high = LITTLE_ENDIAN ? generation : arrived;
		return (high << 32) | (low & 0xFFFF_FFFFL);
	}

	private static int arrivedOf(long state) {
		return LITTLE_ENDIAN ? (int) state : (int) (state >>> 32);
	}

	private static int generationOf(long state) {
		return LITTLE_ENDIAN ? (int) (state >>> 32) : (int) state;
	}

}
