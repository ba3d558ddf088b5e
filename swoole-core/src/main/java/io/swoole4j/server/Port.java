package io.swoole4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.swoole4j.internal.Checks;
import io.swoole4j.protocol.FrameDecoder;
import io.swoole4j.protocol.FramingConfig;

/**
 * One listening socket of a {@link Server} (Swoole's {@code Server\Port}): the primary
 * port from {@link ServerConfig}, or one added with
 * {@link Server#addListener(String, int, SocketType)}. A port may have its own framing
 * and its own {@link ServerHandler}; without them it uses the server's.
 * <p>
 * Threading: configure ({@link #framing}, {@link #handler}) before
 * {@link Server#start()}, from one thread; afterwards they throw
 * {@link IllegalStateException}. The getters and {@link #stats()} are thread-safe.
 */
public final class Port {

	private final Server server;

	private final String host;

	private final int configuredPort;

	private final SocketType type;

	/** Position among the server's listeners (0 for the primary port). */
	final int index;

	private volatile FramingConfig framing;

	private volatile FrameDecoder decoder;

	private volatile ServerHandler handler;

	private volatile int boundPort = -1;

	private NetworkChannel channel;

	final LongAdder acceptCount = new LongAdder();

	final LongAdder closeCount = new LongAdder();

	final LongAdder abortCount = new LongAdder();

	final AtomicInteger connections = new AtomicInteger();

	Port(Server server, int index, String host, int port, SocketType type, FramingConfig framing) {
		this.server = server;
		this.index = index;
		this.host = host;
		this.configuredPort = port;
		this.type = type;
		this.framing = framing;
	}

	/** The address (or, for {@link SocketType#UNIX_STREAM}, the socket file path). */
	public String host() {
		return this.host;
	}

	/** The socket type. */
	public SocketType type() {
		return this.type;
	}

	/**
	 * The bound port (the ephemeral one when configured with 0); 0 for a Unix socket, -1
	 * before start.
	 */
	public int port() {
		return this.boundPort;
	}

	/**
	 * Sets this port's framing (a stream port's {@code open_length_check},
	 * {@code open_eof_check}…); its {@code packageMaxLength} may not exceed the server's.
	 * @return this port
	 * @throws IllegalStateException after start
	 * @throws IllegalArgumentException for a UDP port, or when {@code packageMaxLength}
	 * is larger than the server's
	 */
	public Port framing(FramingConfig framing) {
		checkNotStarted();
		Checks.checkNotNull(framing, "framing");
		if (!this.type.isStream()) {
			throw Checks.fail("framing", framing, "none on a UDP port");
		}
		// the packet ring of a reactor is sized for the server's largest packet
		Checks.checkInRange(framing.packageMaxLength(), 1, this.server.config().framing().packageMaxLength(),
				"packageMaxLength");
		this.framing = framing;
		return this;
	}

	/** This port's framing (the server's unless set). */
	public FramingConfig framing() {
		return this.framing;
	}

	/**
	 * Sets the callbacks of this port's connections and datagrams ({@code $port->on()});
	 * lifecycle callbacks ({@code onStart}, {@code onWorkerStart}…) always go to the
	 * server's handler.
	 * @return this port
	 * @throws IllegalStateException after start
	 */
	public Port handler(ServerHandler handler) {
		checkNotStarted();
		this.handler = Checks.checkNotNull(handler, "handler");
		return this;
	}

	/** This port's own handler, or null when it uses the server's. */
	public ServerHandler handler() {
		return this.handler;
	}

	/**
	 * Counters of this port: {@code connection_num}, {@code accept_count},
	 * {@code close_count}, {@code abort_count} (on a UDP port: datagrams dropped because
	 * the way to the workers was full). A new map each call.
	 */
	public Map<String, Long> stats() {
		Map<String, Long> stats = new LinkedHashMap<>();
		stats.put("connection_num", (long) this.connections.get());
		stats.put("accept_count", this.acceptCount.sum());
		stats.put("close_count", this.closeCount.sum());
		stats.put("abort_count", this.abortCount.sum());
		return stats;
	}

	@Override
	public String toString() {
		return "Port[" + this.type + " " + this.host + ":" + this.boundPort + "]";
	}

	private void checkNotStarted() {
		if (this.boundPort != -1 || this.server.isRunning()) {
			throw new IllegalStateException("Port " + this.host + ":" + this.configuredPort + " already started");
		}
	}

	// ------------------------------------------------------------------ internals

	/** The stateless decoder of this port (set at bind). */
	FrameDecoder decoder() {
		return this.decoder;
	}

	/** The handler for this port's events. */
	ServerHandler handlerOr(ServerHandler fallback) {
		ServerHandler h = this.handler;
		return (h != null) ? h : fallback;
	}

	NetworkChannel channel() {
		return this.channel;
	}

	/** Opens and binds the socket (not the primary port, which the acceptor binds). */
	void bind(int backlog) throws IOException {
		this.decoder = this.framing.newDecoder();
		switch (this.type) {
			case TCP -> {
				ServerSocketChannel ssc = ServerSocketChannel.open();
				this.channel = ssc;
				ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
				ssc.bind(new InetSocketAddress(this.host, this.configuredPort), backlog);
				ssc.configureBlocking(false);
				this.boundPort = ((InetSocketAddress) ssc.getLocalAddress()).getPort();
			}
			case UNIX_STREAM -> {
				// as Swoole: a stale socket file from an earlier run is replaced
				Files.deleteIfExists(Path.of(this.host));
				ServerSocketChannel ssc = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
				this.channel = ssc;
				ssc.bind(UnixDomainSocketAddress.of(this.host), backlog);
				ssc.configureBlocking(false);
				this.boundPort = 0;
			}
			case UDP -> {
				DatagramChannel dc = DatagramChannel.open();
				this.channel = dc;
				dc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
				dc.bind(new InetSocketAddress(this.host, this.configuredPort));
				dc.configureBlocking(false);
				this.boundPort = ((InetSocketAddress) dc.getLocalAddress()).getPort();
			}
		}
	}

	/** Marks the primary port bound by the acceptor. */
	void bound(int port) {
		this.decoder = this.framing.newDecoder();
		this.boundPort = port;
	}

	/** Closes the socket (and removes a Unix socket file). */
	void close() {
		NetworkChannel c = this.channel;
		if (c == null) {
			return;
		}
		try {
			c.close();
			if (this.type == SocketType.UNIX_STREAM) {
				Files.deleteIfExists(Path.of(this.host));
			}
		}
		catch (IOException ex) {
			org.slf4j.LoggerFactory.getLogger(Port.class).debug("Closing {} failed: {}", this, ex.toString());
		}
	}

}
