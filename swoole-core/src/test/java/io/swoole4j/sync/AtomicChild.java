package io.swoole4j.sync;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.swoole4j.memory.SharedMemory;

/**
 * A child JVM that attaches the {@link Atomic} and {@link AtomicLong} of the parent's
 * region and obeys commands from standard input.
 * <p>
 * Arguments: region name, Atomic offset, AtomicLong offset.
 */
public final class AtomicChild {

	private AtomicChild() {
	}

	public static void main(String[] args) throws Exception {
		try (SharedMemory region = SharedMemory.open(args[0])) {
			Atomic atomic = Atomic.attach(region, Long.parseLong(args[1]));
			AtomicLong atomicLong = AtomicLong.attach(region, Long.parseLong(args[2]));
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			System.out.println("ready");
			String line;
			while ((line = in.readLine()) != null) {
				String[] parts = line.split(" ");
				switch (parts[0]) {
					case "add" -> {
						long rounds = Long.parseLong(parts[1]);
						for (long i = 0; i < rounds; i++) {
							atomic.add(1);
							atomicLong.add(1);
						}
						System.out.println("added");
					}
					case "wait" -> {
						int waiters = Integer.parseInt(parts[1]);
						Duration timeout = Duration.ofMillis(Long.parseLong(parts[2]));
						for (int i = 0; i < waiters; i++) {
							Thread.ofPlatform().start(() -> {
								long start = System.nanoTime();
								boolean woken = atomic.wait(timeout);
								System.out.println("waited " + woken + " " + (System.nanoTime() - start) / 1_000_000);
							});
						}
						long address = region.segment().address() + Long.parseLong(args[1]);
						System.out.println("waiting " + Long.toHexString(address));
					}
					case "wakeup" -> {
						atomic.wakeup(Integer.parseInt(parts[1]));
						System.out.println("woke");
					}
					case "exit" -> {
						return;
					}
					default -> System.out.println("unknown " + line);
				}
			}
		}
	}

}
