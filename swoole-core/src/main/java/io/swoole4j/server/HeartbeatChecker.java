package io.swoole4j.server;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat (Swoole's {@code heartbeat_check_interval} /
 * {@code heartbeat_idle_time}): every reactor thread runs a repeating timer on its own
 * loop that closes its connections silent for longer than the idle time, unless
 * protected. A silent connection is therefore closed between {@code idleTime} and
 * {@code idleTime + checkInterval} after its last received byte. A closed connection gets
 * {@code onClose} once, with reactor id -1 (the server closed it).
 * <p>
 * Threading: {@link #install} from any thread after the reactor started; the checks run
 * on the loop; {@link #scan} from any thread.
 */
final class HeartbeatChecker {

	private static final Logger logger = LoggerFactory.getLogger(HeartbeatChecker.class);

	private HeartbeatChecker() {
	}

	/** Starts the periodic check of {@code reactor}'s connections. */
	static void install(Server server, ReactorThread reactor) {
		long interval = server.config().heartbeatCheckInterval().toMillis();
		reactor.reactor().tickAsync(interval, (id) -> {
			long[] closed = scan(server, reactor, true);
			if (closed.length > 0) {
				logger.debug("Heartbeat closed {} idle connection(s) on reactor {}", closed.length, reactor.id);
			}
		});
	}

	/**
	 * The active, unprotected connections (of {@code only}, or of every reactor when
	 * null) silent for at least the idle time, ascending; closes them too if
	 * {@code close}.
	 */
	static long[] scan(Server server, ReactorThread only, boolean close) {
		ConnectionTable table = server.table();
		if (table == null) {
			return new long[0];
		}
		long deadline = System.currentTimeMillis() - server.config().heartbeatIdleTime().toMillis();
		List<Connection> idle = new ArrayList<>();
		table.forEach((c) -> {
			if ((only == null || c.reactor == only) && isIdle(c, deadline)) {
				idle.add(c);
			}
		});
		if (close) {
			for (Connection c : idle) {
				close(c, deadline);
			}
		}
		return idle.stream().mapToLong((c) -> c.sessionId).sorted().toArray();
	}

	private static boolean isIdle(Connection c, long deadline) {
		return c.isActive() && !c.heartbeatProtected && c.lastRecvTimeMillis <= deadline;
	}

	/** Closes an idle connection at once, on its loop (queued output is dropped). */
	private static void close(Connection c, long deadline) {
		ReactorThread r = c.reactor;
		if (r.inLoop()) {
			closeInLoop(c, deadline);
		}
		else {
			r.reactor().tryExecute(() -> closeInLoop(c, deadline));
		}
	}

	private static void closeInLoop(Connection c, long deadline) {
		// still idle now that we are on its loop (data may have arrived meanwhile);
		// markClosing makes a concurrent Server.close and the heartbeat close it once
		if (!c.socketClosed && isIdle(c, deadline) && c.markClosing()) {
			c.closedByServer = true;
			c.reactor.closeSocket(c, true, false);
		}
	}

}
