package io.swoole4j.benchmarks.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.epoll.Epoll;
import io.swoole4j.benchmarks.netty.NettyEchoServer;
import io.swoole4j.benchmarks.netty.NettyEchoServer.FlushMode;
import io.swoole4j.benchmarks.netty.NettyEchoServer.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LoadGeneratorTests {

	@Test
	@Timeout(30)
	void measuresIntactEchoesFromTheNettyNioPeer() throws Exception {
		try (NettyEchoServer server = NettyEchoServer.start(Transport.NIO, 0, 2, FlushMode.BATCH,
				NettyEchoServer.DEFAULT_MAX_FRAME)) {
			LoadGenerator.Result result = LoadGenerator.run(settings(server.port(), 4, 4, 64, 1));
			assertThat(result.errors()).isZero();
			assertThat(result.messages()).isPositive();
			assertThat(result.latencyMicros(50)).isPositive();
			assertThat(result.toResultLine()).matches(
					"RESULT msgs_per_sec=\\d+ p50_us=[\\d.]+ p99_us=[\\d.]+ p999_us=[\\d.]+ max_us=[\\d.]+ errors=0 .*");
		}
	}

	@Test
	@Timeout(30)
	void drivesTheNettyEpollPeerFromSeveralThreads() throws Exception {
		assumeTrue(Epoll.isAvailable(), "epoll is not available here");
		try (NettyEchoServer server = NettyEchoServer.start(Transport.EPOLL, 0, 2, FlushMode.FRAME,
				NettyEchoServer.DEFAULT_MAX_FRAME)) {
			LoadGenerator.Result result = LoadGenerator.run(settings(server.port(), 8, 2, 1000, 2));
			assertThat(result.errors()).isZero();
			assertThat(result.messages()).isPositive();
		}
	}

	@Test
	@Timeout(30)
	void countsCorruptedEchoesAsErrors() throws Exception {
		try (ServerSocketChannel listener = ServerSocketChannel.open()) {
			listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			Thread corrupter = Thread.ofPlatform().daemon().start(() -> echoCorruptingOneByteInTen(listener));
			int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
			LoadGenerator.Result result = LoadGenerator.run(settings(port, 1, 1, 6, 1));
			assertThat(result.messages()).isPositive();
			assertThat(result.errors()).isPositive();
			corrupter.join(TimeUnit.SECONDS.toMillis(5));
		}
	}

	@Test
	void refusesToLoadAnyHostButLoopback() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LoadGenerator.Settings(new InetSocketAddress("192.0.2.1", 9), 1, 1, 1,
					Duration.ofSeconds(1), Duration.ZERO, 1))
			.withMessageContaining("expected: a loopback address");
	}

	@Test
	void parsesTheCommandLine() throws IOException {
		LoadGenerator.Settings settings = LoadGenerator.parse(new String[] { "--host", "127.0.0.1", "--port", "9501",
				"--connections", "1000", "--depth", "16", "--size", "64", "--duration", "1.5s", "--warmup", "500ms" });
		assertThat(settings.connections()).isEqualTo(1000);
		assertThat(settings.depth()).isEqualTo(16);
		assertThat(settings.duration()).isEqualTo(Duration.ofMillis(1500));
		assertThat(settings.warmup()).isEqualTo(Duration.ofMillis(500));
		assertThat(settings.threads()).isEqualTo(1);
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> LoadGenerator.parse(new String[] { "--port", "1", "--threads", "2", "--connections", "1" }))
			.withMessage("threads: 2 (expected: in [1, connections])");
	}

	private static LoadGenerator.Settings settings(int port, int connections, int depth, int size, int threads) {
		return new LoadGenerator.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), connections,
				depth, size, Duration.ofSeconds(1), Duration.ofMillis(200), threads);
	}

	/** Echoes one connection, flipping every tenth body byte of the stream. */
	private static void echoCorruptingOneByteInTen(ServerSocketChannel listener) {
		try (SocketChannel channel = listener.accept()) {
			ByteBuffer buffer = ByteBuffer.allocate(4096);
			long offset = 0;
			while (channel.read(buffer) >= 0) {
				buffer.flip();
				for (int i = buffer.position(); i < buffer.limit(); i++, offset++) {
					// frames are 10 bytes: 4 of header, then 6 of body; byte 9 is the
					// body's last
					if (offset % 10 == 9 && (offset / 10) % 10 == 0) {
						buffer.put(i, (byte) ~buffer.get(i));
					}
				}
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				buffer.clear();
			}
		}
		catch (IOException ex) {
			// The generator closes its connection at the end of the run.
		}
	}

}
