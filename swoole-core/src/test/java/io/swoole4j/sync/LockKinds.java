package io.swoole4j.sync;

import io.swoole4j.memory.SharedMemory;

/**
 * Builds each lock kind by name, so that a child JVM can attach the same kind the parent
 * created.
 */
final class LockKinds {

	private LockKinds() {
	}

	static Lock create(String kind, SharedMemory region, long offset) {
		return switch (kind) {
			case "Mutex" -> Mutex.create(region, offset);
			case "SpinLock" -> SpinLock.create(region, offset);
			case "RwLock" -> RwLock.create(region, offset);
			default -> throw new IllegalArgumentException(kind);
		};
	}

	static Lock attach(String kind, SharedMemory region, long offset) {
		return switch (kind) {
			case "Mutex" -> Mutex.attach(region, offset);
			case "SpinLock" -> SpinLock.attach(region, offset);
			case "RwLock" -> RwLock.attach(region, offset);
			default -> throw new IllegalArgumentException(kind);
		};
	}

}
