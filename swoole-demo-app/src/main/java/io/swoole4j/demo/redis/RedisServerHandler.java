package io.swoole4j.demo.redis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.protocol.resp.RespLimits;
import io.swoole4j.protocol.resp.RespReplyWriter;
import io.swoole4j.server.Packet;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerHandler;

/**
 * Serves the Redis protocol on a raw-stream server port: one {@link RespSession} per
 * connection, created on connect and dropped on close; every packet is parsed, every
 * complete command executed, and the batch's replies sent in one {@code send}.
 * <p>
 * Needs connection events, so a dispatch mode that delivers them (the default, 2, which
 * also keeps each connection on one worker, as the session's confinement requires). A
 * connection whose replies the server refuses (output buffer full) is closed: a dropped
 * reply would desynchronise the client.
 */
public final class RedisServerHandler implements ServerHandler {

	private static final Logger logger = LoggerFactory.getLogger(RedisServerHandler.class);

	private final RedisCommandExecutor executor;

	private final RespLimits limits;

	private final Map<Long, RespSession> sessions = new ConcurrentHashMap<>();

	private final LongAdder refusedReplies = new LongAdder();

	/**
	 * Creates the handler.
	 * @param executor the shared command executor
	 * @param limits the request limits of every connection's parser
	 */
	public RedisServerHandler(RedisCommandExecutor executor, RespLimits limits) {
		this.executor = executor;
		this.limits = limits;
	}

	@Override
	public void onConnect(Server server, long sessionId, int reactorId) {
		this.sessions.put(sessionId, new RespSession(sessionId, this.executor, this.limits));
	}

	@Override
	public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
		RespSession session = this.sessions.get(sessionId);
		if (session == null) {
			// connection events are off (a dispatch mode without them): serve anyway
			session = this.sessions.computeIfAbsent(sessionId, (id) -> new RespSession(id, this.executor, this.limits));
		}
		int length = packet.length();
		packet.copyTo(0, session.inputBuffer(length), 0, length);
		boolean keepOpen = session.receiveBuffered(length);
		RespReplyWriter replies = session.replies();
		if (replies.size() > 0) {
			boolean sent = server.send(sessionId, replies.array(), 0, replies.size());
			replies.clear();
			if (!sent) {
				this.refusedReplies.increment();
				logger.debug("Closing session {}: its output buffer refused a reply", sessionId);
				server.close(sessionId);
				return;
			}
		}
		if (!keepOpen) {
			server.close(sessionId);
		}
	}

	@Override
	public void onClose(Server server, long sessionId, int reactorId) {
		this.sessions.remove(sessionId);
	}

	/**
	 * Returns the number of connections with a session.
	 * @return the count
	 */
	public int sessionCount() {
		return this.sessions.size();
	}

	/**
	 * Returns how many connections were closed because the server refused their replies.
	 * @return the count since creation
	 */
	public long refusedReplies() {
		return this.refusedReplies.sum();
	}

}
