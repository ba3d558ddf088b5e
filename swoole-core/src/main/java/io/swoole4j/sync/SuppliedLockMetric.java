package io.swoole4j.sync;

import java.util.function.LongSupplier;

/**
 * A {@link LockMetric} that reads its counters from wherever a lock keeps them.
 */
final class SuppliedLockMetric implements LockMetric {

	private final LongSupplier acquisitions;

	private final LongSupplier contendedWaits;

	private final LongSupplier recoveries;

	SuppliedLockMetric(LongSupplier acquisitions, LongSupplier contendedWaits, LongSupplier recoveries) {
		this.acquisitions = acquisitions;
		this.contendedWaits = contendedWaits;
		this.recoveries = recoveries;
	}

	@Override
	public long acquisitions() {
		return this.acquisitions.getAsLong();
	}

	@Override
	public long contendedWaits() {
		return this.contendedWaits.getAsLong();
	}

	@Override
	public long recoveries() {
		return this.recoveries.getAsLong();
	}

}
