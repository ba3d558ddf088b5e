package io.swoole4j.sync;

import java.time.Duration;

import io.swoole4j.memory.SharedMemory;

/**
 * A child JVM that arrives at the parent's barrier: arguments region name and offset.
 */
public final class BarrierChild {

	private BarrierChild() {
	}

	public static void main(String[] args) {
		try (SharedMemory region = SharedMemory.open(args[0])) {
			Barrier barrier = Barrier.attach(region, Long.parseLong(args[1]));
			System.out.println("ready");
			System.out.println("passed " + barrier.await(Duration.ofSeconds(20)));
		}
	}

}
