package io.swoole4j.reactor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter written by one thread and read by any: the writer pays no fence (an opaque
 * store), readers see a recent value.
 */
final class LoopCounter {

	private static final VarHandle VALUE;

	static {
		try {
			VALUE = MethodHandles.lookup().findVarHandle(LoopCounter.class, "value", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private long value;

	/**
	 * Adds to the counter. Owning thread only.
	 * @param delta the amount
	 */
	void add(long delta) {
		VALUE.setOpaque(this, this.value + delta);
	}

	/**
	 * Adds one. Owning thread only.
	 */
	void increment() {
		add(1);
	}

	/**
	 * Reads the counter. Any thread.
	 * @return a recent value
	 */
	long get() {
		return (long) VALUE.getOpaque(this);
	}

}
