package io.swoole4j.server;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * Session id → connection (Swoole's session ring). Ids are monotonic and never reused; a
 * connection lives in slot {@code id & mask}, and a new id skips slots still taken, so a
 * lookup verifies the id stored in the record: a stale id never reaches a newer
 * connection. The table has at least twice {@code maxConnection} slots, so the skip is
 * short.
 * <p>
 * Threading: {@link #add} from the acceptor thread only; everything else from any thread.
 */
final class ConnectionTable {

	private final AtomicReferenceArray<Connection> slots;

	private final int mask;

	private final AtomicInteger count = new AtomicInteger();

	private volatile long lastSessionId;

	ConnectionTable(int maxConnection) {
		int size = Integer.highestOneBit(Math.max(64, maxConnection) * 2 - 1) << 1;
		this.slots = new AtomicReferenceArray<>(size);
		this.mask = size - 1;
	}

	/** The next session id (skipping ids whose slot is taken). Acceptor thread only. */
	long nextSessionId() {
		long id = this.lastSessionId + 1;
		while (this.slots.get((int) (id & this.mask)) != null) {
			id++;
		}
		this.lastSessionId = id;
		return id;
	}

	/** Publishes a connection under its id (from {@link #nextSessionId()}). */
	void add(Connection connection) {
		this.slots.set((int) (connection.sessionId & this.mask), connection);
		this.count.incrementAndGet();
	}

	/** The connection with this id, or null (unknown, released or stale). */
	Connection get(long sessionId) {
		if (sessionId <= 0) {
			return null;
		}
		Connection c = this.slots.get((int) (sessionId & this.mask));
		return (c != null && c.sessionId == sessionId) ? c : null;
	}

	/** Removes the connection; idempotent. */
	boolean release(Connection connection) {
		if (this.slots.compareAndSet((int) (connection.sessionId & this.mask), connection, null)) {
			this.count.decrementAndGet();
			return true;
		}
		return false;
	}

	int count() {
		return this.count.get();
	}

	long lastSessionId() {
		return this.lastSessionId;
	}

	/** Up to {@code max} live session ids greater than {@code after}, ascending. */
	long[] list(long after, int max) {
		long[] found = new long[16];
		int n = 0;
		for (int i = 0; i <= this.mask; i++) {
			Connection c = this.slots.get(i);
			if (c != null && c.sessionId > after && c.isActive()) {
				if (n == found.length) {
					found = Arrays.copyOf(found, n * 2);
				}
				found[n++] = c.sessionId;
			}
		}
		Arrays.sort(found, 0, n);
		return Arrays.copyOf(found, Math.min(n, max));
	}

	/** Visits every connection in the table. */
	void forEach(Consumer<Connection> action) {
		for (int i = 0; i <= this.mask; i++) {
			Connection c = this.slots.get(i);
			if (c != null) {
				action.accept(c);
			}
		}
	}

}
