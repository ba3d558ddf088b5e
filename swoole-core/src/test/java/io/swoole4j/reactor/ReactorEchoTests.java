package io.swoole4j.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@Timeout(60)
class ReactorEchoTests {

	private final Reactor reactor = new Reactor("echo-reactor");

	private final List<SocketChannel> clients = new ArrayList<>();

	private final EchoHandler echo = new EchoHandler();

	private ServerSocketChannel listener;

	@AfterEach
	void stop() throws Exception {
		for (SocketChannel client : this.clients) {
			client.close();
		}
		this.reactor.execute(this::closeAll);
		this.reactor.stop();
		assertThat(this.reactor.awaitTermination(Duration.ofSeconds(10))).isTrue();
		if (this.listener != null) {
			this.listener.close();
		}
	}

	private void closeAll() {
		// registrations are gone once the reactor stops; channels are the test's to close
		for (Registration registration : new ArrayList<>(this.echo.open)) {
			registration.close();
		}
		this.echo.open.clear();
	}

	private InetSocketAddress startEchoServer() throws Exception {
		this.listener = ServerSocketChannel.open();
		this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
		this.reactor.start();
		CompletableFuture<Registration> registered = new CompletableFuture<>();
		this.reactor.execute(() -> {
			try {
				registered.complete(this.reactor.register(this.listener, SelectionKey.OP_ACCEPT,
						new AcceptHandler(this.reactor, this.echo)));
			}
			catch (IOException ex) {
				registered.completeExceptionally(ex);
			}
		});
		registered.get(10, TimeUnit.SECONDS);
		return (InetSocketAddress) this.listener.getLocalAddress();
	}

	@Test
	void oneReactorEchoesEveryByteForAThousandSockets() throws Exception {
		InetSocketAddress address = startEchoServer();
		int sockets = 1_000;
		Random random = new Random(7);
		List<byte[]> payloads = new ArrayList<>();
		for (int i = 0; i < sockets; i++) {
			SocketChannel client = SocketChannel.open(address);
			this.clients.add(client);
			byte[] payload = new byte[1 + random.nextInt(4096)];
			random.nextBytes(payload);
			payloads.add(payload);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.reactor.metric().channelsRegistered() == sockets + 1);
		// every client writes before any reads, so the reactor serves all of them at once
		for (int i = 0; i < sockets; i++) {
			writeFully(this.clients.get(i), payloads.get(i));
		}
		for (int i = 0; i < sockets; i++) {
			assertThat(readFully(this.clients.get(i), payloads.get(i).length)).isEqualTo(payloads.get(i));
		}
		assertThat(this.reactor.metric().handlerErrors()).isZero();
	}

	@Test
	void largeStreamsSurviveWriteBackPressure() throws Exception {
		InetSocketAddress address = startEchoServer();
		int streams = 4;
		int size = 4 * 1024 * 1024;
		List<CompletableFuture<byte[]>> echoed = new ArrayList<>();
		List<byte[]> payloads = new ArrayList<>();
		for (int i = 0; i < streams; i++) {
			SocketChannel client = SocketChannel.open(address);
			this.clients.add(client);
			byte[] payload = new byte[size];
			new Random(i).nextBytes(payload);
			payloads.add(payload);
			// the writer runs ahead of the reader: the echo path must park on OP_WRITE
			// and stop reading while its buffer is full
			Thread.ofPlatform().start(() -> {
				try {
					writeFully(client, payload);
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			});
			echoed.add(CompletableFuture.supplyAsync(() -> {
				try {
					return readFully(client, size);
				}
				catch (IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}, Thread::startVirtualThread));
		}
		for (int i = 0; i < streams; i++) {
			assertThat(echoed.get(i).get(50, TimeUnit.SECONDS)).isEqualTo(payloads.get(i));
		}
	}

	static void writeFully(SocketChannel channel, byte[] bytes) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer);
		}
	}

	static byte[] readFully(SocketChannel channel, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			if (channel.read(buffer) < 0) {
				throw new IOException("EOF after " + buffer.position() + " of " + length + " bytes");
			}
		}
		return buffer.array();
	}

	private record AcceptHandler(Reactor reactor, EchoHandler echo) implements ChannelHandler {

		@Override
		public void onReadable(Registration registration) throws IOException {
			SocketChannel accepted;
			while ((accepted = ((ServerSocketChannel) registration.channel()).accept()) != null) {
				this.echo.open.add(this.reactor.register(accepted, SelectionKey.OP_READ, this.echo,
						ByteBuffer.allocate(16 * 1024)));
			}
		}

	}

	/**
	 * Echoes through a per-connection buffer (the attachment): reads while it has room,
	 * writes while it holds bytes, and asks for OP_WRITE only while output is pending.
	 */
	private static final class EchoHandler implements ChannelHandler {

		// loop thread only
		final List<Registration> open = new ArrayList<>();

		@Override
		public void onReadable(Registration registration) throws IOException {
			ByteBuffer buffer = (ByteBuffer) registration.attachment();
			if (((SocketChannel) registration.channel()).read(buffer) < 0) {
				this.open.remove(registration);
				registration.close();
				return;
			}
			flush(registration, buffer);
		}

		@Override
		public void onWritable(Registration registration) throws IOException {
			flush(registration, (ByteBuffer) registration.attachment());
		}

		private static void flush(Registration registration, ByteBuffer buffer) throws IOException {
			buffer.flip();
			((SocketChannel) registration.channel()).write(buffer);
			buffer.compact();
			int ops = 0;
			if (buffer.hasRemaining()) {
				ops |= SelectionKey.OP_READ;
			}
			if (buffer.position() > 0) {
				ops |= SelectionKey.OP_WRITE;
			}
			registration.interestOps(ops);
		}

	}

}
