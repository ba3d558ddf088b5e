package io.swoole4j.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.reactor.ChannelHandler;
import io.swoole4j.reactor.Registration;

/**
 * Reads a UDP port on a reactor loop: {@code receive} until none is left (at most
 * {@value #MAX_PER_EVENT} per readiness event, so one busy port cannot starve the loop),
 * each datagram handed on with its sender. A datagram that finds the packet ring full is
 * dropped and counted, as the kernel would drop it. Loop thread only.
 */
final class DatagramReader implements ChannelHandler {

	private static final Logger logger = LoggerFactory.getLogger(DatagramReader.class);

	/** Largest UDP payload. */
	static final int MAX_DATAGRAM = 65_535;

	static final int MAX_PER_EVENT = 64;

	private final ReactorThread reactor;

	private final Port port;

	private final Server server;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);

	DatagramReader(ReactorThread reactor, Port port, Server server) {
		this.reactor = reactor;
		this.port = port;
		this.server = server;
	}

	@Override
	public void onReadable(Registration registration) {
		DatagramChannel channel = (DatagramChannel) registration.channel();
		for (int i = 0; i < MAX_PER_EVENT; i++) {
			this.buffer.clear();
			InetSocketAddress peer;
			try {
				peer = (InetSocketAddress) channel.receive(this.buffer);
			}
			catch (IOException ex) {
				logger.debug("receive failed on {}: {}", this.port, ex.toString());
				return;
			}
			if (peer == null) {
				return;
			}
			this.buffer.flip();
			if (!this.reactor.deliverDatagram(this.port, this.buffer, peer)) {
				this.server.datagramDropped(this.port);
			}
		}
	}

}
