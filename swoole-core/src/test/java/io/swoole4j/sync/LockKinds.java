package io.swoole4j.sync;

import java.nio.file.Path;

import io.swoole4j.memory.SharedMemory;

/**
 * Builds each lock kind by name, so that a child JVM can attach the same kind the parent
 * created.
 */
final class LockKinds {

	private LockKinds() {
	}

	/** The file a FileLock of the test whose region this is locks. */
	static Path lockFile(SharedMemory region) {
		return Path.of(System.getProperty("java.io.tmpdir"), region.name() + ".lock");
	}

	static Lock create(String kind, SharedMemory region, long offset) {
		return switch (kind) {
			case "Mutex" -> Mutex.create(region, offset);
			case "SpinLock" -> SpinLock.create(region, offset);
			case "RwLock" -> RwLock.create(region, offset);
			case "Semaphore" -> Semaphore.create(region, offset, 1);
			case "FileLock" -> FileLock.open(lockFile(region));
			default -> throw new IllegalArgumentException(kind);
		};
	}

	static Lock attach(String kind, SharedMemory region, long offset) {
		return switch (kind) {
			case "Mutex" -> Mutex.attach(region, offset);
			case "SpinLock" -> SpinLock.attach(region, offset);
			case "RwLock" -> RwLock.attach(region, offset);
			case "Semaphore" -> Semaphore.attach(region, offset);
			case "FileLock" -> FileLock.open(lockFile(region));
			default -> throw new IllegalArgumentException(kind);
		};
	}

}
