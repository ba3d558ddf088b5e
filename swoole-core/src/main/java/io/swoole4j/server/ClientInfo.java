package io.swoole4j.server;

import java.time.Instant;

/**
 * A snapshot of one connection (Swoole's {@code getClientInfo}).
 *
 * @param sessionId the connection's session id
 * @param remoteIp the client's address, as text
 * @param remotePort the client's port
 * @param serverPort the local port the client connected to
 * @param connectTime when the connection was accepted
 * @param lastReceiveTime when data last arrived (the connect time before any)
 * @param reactorId the reactor thread that owns the connection
 * @param workerId the pinned worker (dispatch mode 8, or the loop in BASE mode), or -1
 * @param uid the uid given to {@link Server#bind}, or 0 when unbound
 * @param sendQueuedBytes bytes accepted by {@code send} and not yet written to the socket
 */
public record ClientInfo(long sessionId, String remoteIp, int remotePort, int serverPort, Instant connectTime,
		Instant lastReceiveTime, int reactorId, int workerId, long uid, long sendQueuedBytes) {
}
