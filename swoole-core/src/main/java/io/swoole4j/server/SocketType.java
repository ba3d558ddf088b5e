package io.swoole4j.server;

/** The kind of socket a {@link Port} listens on (Swoole's {@code SWOOLE_SOCK_*}). */
public enum SocketType {

	/** A TCP stream port (IPv4 or IPv6, by the host). */
	TCP,

	/** A UDP port: datagrams arrive in {@link ServerHandler#onPacket}. */
	UDP,

	/** A Unix domain stream socket; the host is the socket file's path. */
	UNIX_STREAM;

	/** Whether the socket carries connections (sessions, framing). */
	public boolean isStream() {
		return this != UDP;
	}

}
