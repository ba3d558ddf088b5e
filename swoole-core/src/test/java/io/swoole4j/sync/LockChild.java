package io.swoole4j.sync;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.swoole4j.memory.SharedMemory;

/**
 * A child JVM that attaches a lock of the parent's region and obeys commands read from
 * standard input, one per line, answering on standard output.
 * <p>
 * Arguments: kind, region name, lock offset. The plain counter incremented by
 * {@code count} is the long at offset 0 of the region.
 */
public final class LockChild {

	private LockChild() {
	}

	public static void main(String[] args) throws Exception {
		String kind = args[0];
		try (SharedMemory region = SharedMemory.open(args[1])) {
			Lock lock = LockKinds.attach(kind, region, Long.parseLong(args[2]));
			MemorySegment memory = region.segment();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			System.out.println("ready");
			String line;
			while ((line = in.readLine()) != null) {
				String[] parts = line.split(" ");
				switch (parts[0]) {
					case "count" -> {
						long rounds = Long.parseLong(parts[1]);
						for (long i = 0; i < rounds; i++) {
							lock.lock();
							long value = memory.get(ValueLayout.JAVA_LONG, 0);
							memory.set(ValueLayout.JAVA_LONG, 0, value + 1);
							lock.unlock();
						}
						System.out.println("counted");
					}
					case "lock" -> {
						lock.lock();
						System.out.println("locked");
					}
					case "read" -> {
						lock.lockRead();
						System.out.println("read-locked");
					}
					case "unlock" -> {
						lock.unlock();
						System.out.println("unlocked");
					}
					case "unread" -> {
						lock.unlockRead();
						System.out.println("read-unlocked");
					}
					case "trylock" -> System.out.println("trylock " + lock.tryLock());
					case "tryread" -> System.out.println("tryread " + lock.tryLockRead());
					case "lockwait" ->
						System.out.println("lockwait " + lock.lock(Duration.ofMillis(Long.parseLong(parts[1]))));
					case "exit" -> {
						return;
					}
					default -> System.out.println("unknown " + line);
				}
			}
		}
	}

}
