package io.swoole4j.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Two connected loopback TCP channels, both blocking until a reactor registers one.
 */
record SocketPair(SocketChannel client, SocketChannel server) implements AutoCloseable {

	static SocketPair open() {
		try (ServerSocketChannel listener = ServerSocketChannel.open()) {
			listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			SocketChannel client = SocketChannel.open(listener.getLocalAddress());
			return new SocketPair(client, listener.accept());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.client.close();
		this.server.close();
	}

}
