package io.swoole4j.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

import io.swoole4j.reactor.Registration;
import io.swoole4j.server.buffer.Chunk;
import io.swoole4j.server.buffer.OutputChain;

/**
 * One accepted connection: Swoole's connection record. Identity and the cross-thread
 * fields (state, uid, queued output bytes) are safe to read from any thread; the I/O
 * state below the marker belongs to the owning reactor thread.
 */
final class Connection {

	static final int ACTIVE = 0;

	/** The application called close; the socket may still be flushing. */
	static final int CLOSING = 1;

	/** The socket is closed. */
	static final int CLOSED = 2;

	private static final VarHandle STATE;

	private static final VarHandle SEND_QUEUED;

	private static final VarHandle UID;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			STATE = lookup.findVarHandle(Connection.class, "state", int.class);
			SEND_QUEUED = lookup.findVarHandle(Connection.class, "sendQueued", long.class);
			UID = lookup.findVarHandle(Connection.class, "uid", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final long sessionId;

	final SocketChannel channel;

	final ReactorThread reactor;

	final String remoteIp;

	final int remotePort;

	final int serverPort;

	final int ipHash;

	final long connectTimeMillis;

	volatile long lastRecvTimeMillis;

	/** Pinned worker (BASE loop, dispatch mode 8), or -1. */
	volatile int workerId = -1;

	private volatile int state;

	private volatile long uid;

	private volatile long sendQueued;

	/** Set when the application closed it: queued packets are then discarded. */
	volatile boolean closedByServer;

	// ---- owned by the reactor thread ----

	Registration registration;

	Chunk input;

	final OutputChain output = new OutputChain();

	boolean paused;

	boolean blocked;

	boolean closeAfterFlush;

	/**
	 * Set while the loop thread delivers the packets of one read (BASE) or drains a batch
	 * of commands (THREAD): sends only queue, and one write follows the batch.
	 */
	boolean corked;

	boolean socketClosed;

	boolean fullNotified;

	boolean connectPending;

	boolean closeEventPending;

	byte closeFlags;

	Connection(long sessionId, SocketChannel channel, ReactorThread reactor, InetSocketAddress remote, int serverPort,
			long now) {
		this.sessionId = sessionId;
		this.channel = channel;
		this.reactor = reactor;
		this.remoteIp = remote.getAddress().getHostAddress();
		this.remotePort = remote.getPort();
		this.serverPort = serverPort;
		this.ipHash = ipHash(remote);
		this.connectTimeMillis = now;
		this.lastRecvTimeMillis = now;
	}

	private static int ipHash(InetSocketAddress remote) {
		byte[] address = remote.getAddress().getAddress();
		if (remote.getAddress() instanceof Inet4Address) {
			// the address as a host-order number, as modern Swoole's IPMOD
			return ((address[0] & 0xFF) << 24) | ((address[1] & 0xFF) << 16) | ((address[2] & 0xFF) << 8)
					| (address[3] & 0xFF);
		}
		return Arrays.hashCode(address);
	}

	int state() {
		return this.state;
	}

	boolean isActive() {
		return this.state == ACTIVE;
	}

	/** ACTIVE → CLOSING; false if already closing or closed. */
	boolean markClosing() {
		return STATE.compareAndSet(this, ACTIVE, CLOSING);
	}

	void markClosed() {
		this.state = CLOSED;
	}

	long uid() {
		return this.uid;
	}

	boolean bindUid(long value) {
		return UID.compareAndSet(this, 0L, value);
	}

	long sendQueued() {
		return this.sendQueued;
	}

	void addSendQueued(long delta) {
		SEND_QUEUED.getAndAdd(this, delta);
	}

	ClientInfo info() {
		return new ClientInfo(this.sessionId, this.remoteIp, this.remotePort, this.serverPort,
				java.time.Instant.ofEpochMilli(this.connectTimeMillis),
				java.time.Instant.ofEpochMilli(this.lastRecvTimeMillis), this.reactor.id, this.workerId, this.uid,
				this.sendQueued);
	}

	@Override
	public String toString() {
		return "session " + this.sessionId + " (" + this.remoteIp + ":" + this.remotePort + ")";
	}

}
