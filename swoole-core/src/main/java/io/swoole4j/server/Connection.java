package io.swoole4j.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
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

	// ---- heartbeat and input limits (any thread) ----

	/** The listening port it came from (set before the connection is published). */
	Port port;

	/** Exempt from heartbeat closing ({@link Server#protect}). */
	volatile boolean heartbeatProtected;

	/** Bytes of received packets queued to workers and not yet taken by one. */
	final java.util.concurrent.atomic.AtomicLong recvQueued = new java.util.concurrent.atomic.AtomicLong();

	/**
	 * A worker (of this JVM or, in PROCESS mode, the link to one) takes a received packet
	 * of {@code length} bytes off this session's queue. As Swoole without
	 * {@code discard_timeout_request}: a packet whose session the client closed meanwhile
	 * is still delivered; one the application closed is not.
	 * @return false if the packet is to be dropped
	 */
	boolean takeReceived(int length) {
		this.recvQueued.addAndGet(-length);
		return !this.closedByServer;
	}

	Connection(long sessionId, SocketChannel channel, ReactorThread reactor, SocketAddress remote, int serverPort,
			long now) {
		this.sessionId = sessionId;
		this.channel = channel;
		this.reactor = reactor;
		if (remote instanceof InetSocketAddress inet) {
			this.remoteIp = inet.getAddress().getHostAddress();
			this.remotePort = inet.getPort();
			this.ipHash = ipHash(inet);
		}
		else {
			// a Unix socket peer: its path (usually empty for an unbound client)
			this.remoteIp = (remote instanceof UnixDomainSocketAddress unix) ? unix.getPath().toString()
					: String.valueOf(remote);
			this.remotePort = 0;
			this.ipHash = this.remoteIp.hashCode();
		}
		this.serverPort = serverPort;
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
