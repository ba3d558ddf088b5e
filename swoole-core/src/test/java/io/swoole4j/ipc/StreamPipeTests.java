package io.swoole4j.ipc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class StreamPipeTests {

	private static final Duration CHILD_WAIT = Duration.ofSeconds(30);

	@Test
	void bytesArriveUnchangedAndInOrderBetweenThreads() throws Exception {
		byte[] data = randomBytes(4 << 20, 1);
		try (PipePair<StreamPipe> pair = StreamPipe.pair()) {
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeInRandomChunks(pair.master(), data));
			byte[] received = readExactly(pair.worker(), data.length);
			writer.join();
			assertThat(received).isEqualTo(data);
			assertThat(pair.master().metric().bytesWritten()).isEqualTo(data.length);
			assertThat(pair.worker().metric().bytesRead()).isEqualTo(data.length);
		}
	}

	@Test
	void bytesArriveUnchangedAndInOrderBetweenParentAndChildJvm() throws Exception {
		byte[] data = randomBytes(2 << 20, 2);
		try (PipeListener listener = PipeListener.open();
				ChildJvm child = ChildJvm.start(PipeChildMain.class, "stream", listener.address())) {
			try (StreamPipe pipe = listener.acceptStream(CHILD_WAIT)) {
				assertThat(pipe).isNotNull();
				child.expectLine("ready", CHILD_WAIT);
				CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeInRandomChunks(pipe, data));
				byte[] echoed = readExactly(pipe, data.length);
				writer.join();
				assertThat(echoed).isEqualTo(data);
			}
			child.expectLine("done", CHILD_WAIT);
			assertThat(child.waitFor(CHILD_WAIT)).isZero();
		}
	}

	@Test
	void readWithTimeoutReturnsNothingAfterTheTimeout() throws Exception {
		try (PipePair<StreamPipe> pair = StreamPipe.pair()) {
			long start = System.nanoTime();
			int n = pair.worker().read(ByteBuffer.allocate(16), Duration.ofMillis(200));
			assertThat(n).isEqualTo(StreamPipe.NOTHING);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
			assertThat(pair.worker().tryRead(ByteBuffer.allocate(16))).isEqualTo(StreamPipe.NOTHING);
		}
	}

	@Test
	void closingOneEndIsSeenByTheOtherAsEndOfStream() throws Exception {
		try (PipePair<StreamPipe> pair = StreamPipe.pair()) {
			pair.master().write(new byte[] { 1, 2, 3 });
			pair.master().close();
			ByteBuffer buffer = ByteBuffer.allocate(16);
			assertThat(pair.worker().read(buffer, Duration.ofSeconds(10))).isEqualTo(3);
			assertThat(pair.worker().read(buffer, Duration.ofSeconds(10))).isEqualTo(StreamPipe.END_OF_STREAM);
			assertThat(pair.master().isOpen()).isFalse();
		}
	}

	@Test
	void tryWriteReturnsZeroOnceTheSocketBufferIsFull() throws Exception {
		try (PipePair<StreamPipe> pair = StreamPipe.pair()) {
			ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
			long total = 0;
			int written;
			while ((written = pair.master().tryWrite(chunk.clear())) > 0) {
				total += written;
			}
			assertThat(written).isZero();
			assertThat(total).isPositive();
			assertThat(pair.master().metric().bytesWritten()).isEqualTo(total);
		}
	}

	@Test
	void channelIsSelectableByAReactor() throws Exception {
		try (PipePair<StreamPipe> pair = StreamPipe.pair(); Selector selector = Selector.open()) {
			pair.worker().channel().register(selector, SelectionKey.OP_READ);
			assertThat(selector.selectNow()).isZero();
			pair.master().write(new byte[] { 42 });
			assertThat(selector.select(10_000)).isEqualTo(1);
			ByteBuffer buffer = ByteBuffer.allocate(4);
			assertThat(pair.worker().tryRead(buffer)).isEqualTo(1);
			assertThat(buffer.get(0)).isEqualTo((byte) 42);
		}
	}

	@Test
	void listenerLeavesNothingOnDiskOnceClosed() throws Exception {
		Path socket;
		try (PipeListener listener = PipeListener.open()) {
			socket = Path.of(listener.address());
			assertThat(Files.getPosixFilePermissions(socket.getParent()).toString()).doesNotContain("GROUP", "OTHERS");
		}
		assertThat(socket).doesNotExist();
		assertThat(socket.getParent()).doesNotExist();
	}

	static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static void writeInRandomChunks(StreamPipe pipe, byte[] data) {
		Random random = new Random(data.length);
		try {
			int offset = 0;
			while (offset < data.length) {
				int length = Math.min(data.length - offset, 1 + random.nextInt(100_000));
				pipe.write(ByteBuffer.wrap(data, offset, length));
				offset += length;
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static byte[] readExactly(StreamPipe pipe, int length) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream(length);
		ByteBuffer buffer = ByteBuffer.allocate(50_000);
		while (out.size() < length) {
			int n = pipe.read(buffer.clear(), Duration.ofSeconds(20));
			assertThat(n).as("bytes read after %d of %d", out.size(), length).isPositive();
			out.write(buffer.array(), 0, n);
		}
		return out.toByteArray();
	}

}
