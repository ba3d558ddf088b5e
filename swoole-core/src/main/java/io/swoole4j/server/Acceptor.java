package io.swoole4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.reactor.ChannelHandler;
import io.swoole4j.reactor.Reactor;
import io.swoole4j.reactor.Registration;

/**
 * The listening socket and its loop (Swoole's master accept loop): up to
 * {@value #ACCEPT_MAX_COUNT} accepts per readiness event; over {@code maxConnection}, or
 * when {@code accept} fails (for example out of descriptors), the socket is closed and
 * accepting pauses for {@value #ACCEPT_RETRY_MILLIS} ms.
 */
final class Acceptor implements ChannelHandler {

	private static final Logger logger = LoggerFactory.getLogger(Acceptor.class);

	/** Accepts per readiness event ({@code SW_ACCEPT_MAX_COUNT}). */
	static final int ACCEPT_MAX_COUNT = 64;

	/** Pause after hitting a limit ({@code SW_ACCEPT_RETRY_TIME}). */
	static final long ACCEPT_RETRY_MILLIS = 1000;

	/** Most backlog connections rejected at once when over {@code maxConnection}. */
	static final int REJECT_MAX_COUNT = 4096;

	private final Server server;

	private final Reactor reactor = new Reactor("swoole-acceptor");

	private ServerSocketChannel channel;

	private Registration registration;

	private int port;

	Acceptor(Server server) {
		this.server = server;
	}

	/** Binds and starts listening; returns once the socket listens. */
	void bind(String host, int port, int backlog) throws IOException {
		ServerSocketChannel ssc = ServerSocketChannel.open();
		try {
			ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			ssc.bind(new InetSocketAddress(host, port), backlog);
			ssc.configureBlocking(false);
		}
		catch (IOException ex) {
			ssc.close();
			throw ex;
		}
		this.channel = ssc;
		this.port = ((InetSocketAddress) ssc.getLocalAddress()).getPort();
	}

	int port() {
		return this.port;
	}

	void start() {
		this.reactor.start();
		this.reactor.execute(() -> {
			try {
				this.registration = this.reactor.register(this.channel, SelectionKey.OP_ACCEPT, this,
						this.server.primaryPort());
				for (Port p : this.server.listeners()) {
					if (p.type().isStream() && p.channel() != this.channel && p.channel() != null) {
						this.reactor.register((ServerSocketChannel) p.channel(), SelectionKey.OP_ACCEPT, this, p);
					}
				}
			}
			catch (IOException ex) {
				logger.error("Cannot register a listening socket", ex);
			}
		});
	}

	@Override
	public void onReadable(Registration registration) {
		ServerSocketChannel listening = (ServerSocketChannel) registration.channel();
		Port port = (Port) registration.attachment();
		for (int i = 0; i < ACCEPT_MAX_COUNT; i++) {
			SocketChannel accepted;
			try {
				accepted = listening.accept();
			}
			catch (IOException ex) {
				logger.warn("accept() failed, pausing accepts for {} ms: {}", ACCEPT_RETRY_MILLIS, ex.toString());
				pause(registration);
				return;
			}
			if (accepted == null) {
				return;
			}
			if (!this.server.accepted(port, accepted)) {
				rejectBacklog(listening, port);
				pause(registration);
				return;
			}
		}
	}

	/**
	 * Over {@code maxConnection}: takes the connections already waiting in the backlog
	 * and lets the server close them now (each counted in {@code abort_count}), rather
	 * than leaving their clients hanging for the pause.
	 */
	private void rejectBacklog(ServerSocketChannel listening, Port port) {
		for (int i = 0; i < REJECT_MAX_COUNT; i++) {
			SocketChannel pending;
			try {
				pending = listening.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (pending == null) {
				return;
			}
			this.server.accepted(port, pending);
		}
	}

	private void pause(Registration r) {
		if (r == null || !this.reactor.modify(r, 0)) {
			return;
		}
		this.reactor.timer().after(ACCEPT_RETRY_MILLIS, (id) -> {
			if (r.isActive()) {
				this.reactor.modify(r, SelectionKey.OP_ACCEPT);
			}
		});
	}

	/** Stops accepting and closes the listening socket; waits for the loop to end. */
	void stop(long waitMillis) throws InterruptedException {
		this.reactor.stop();
		this.reactor.awaitTermination(java.time.Duration.ofMillis(Math.max(1, waitMillis)));
		try {
			if (this.channel != null) {
				this.channel.close();
			}
		}
		catch (IOException ex) {
			logger.debug("Closing the listening socket failed", ex);
		}
	}

}
