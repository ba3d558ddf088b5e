package io.swoole4j.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names for shared-memory regions and other system-wide objects that no other test, run
 * or concurrent build can collide with.
 */
public final class UniqueNames {

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private UniqueNames() {
	}

	/**
	 * Returns a fresh name.
	 * @param prefix a readable prefix
	 * @return {@code swoole4j-test-<prefix>-<pid>-<n>}
	 */
	public static String next(String prefix) {
		return "swoole4j-test-" + prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
	}

}
