package io.swoole4j.ipc;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPipeTests extends AbstractSocketPipeContractTests<StreamPipe> {

	@Override
	PipePair<StreamPipe> pair() throws java.io.IOException {
		return StreamPipe.pair();
	}

	@Override
	StreamPipe accept(PipeListener listener) throws Exception {
		return listener.acceptStream(WAIT);
	}

	@Override
	String childMode() {
		return "stream";
	}

	@Override
	void send(StreamPipe end, byte[] bytes) throws java.io.IOException {
		end.write(bytes);
	}

	@Override
	byte[] receive(StreamPipe end, int length, Duration timeout) throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream(length);
		ByteBuffer buffer = ByteBuffer.allocate(Math.min(length, 50_000));
		while (out.size() < length) {
			int n = end.read(buffer.clear().limit(Math.min(buffer.capacity(), length - out.size())), timeout);
			if (n == StreamPipe.NOTHING && out.size() == 0) {
				return null;
			}
			assertThat(n).as("bytes read after %d of %d", out.size(), length).isPositive();
			out.write(buffer.array(), 0, n);
		}
		return out.toByteArray();
	}

	@Override
	boolean seesEndOfStream(StreamPipe end, Duration timeout) throws Exception {
		return end.read(ByteBuffer.allocate(1), timeout) == StreamPipe.END_OF_STREAM;
	}

	@Test
	void bytesWrittenInRandomChunksArriveUnchangedAndInOrderBetweenThreads() throws Exception {
		byte[] data = randomBytes(4 << 20, 1);
		try (PipePair<StreamPipe> pair = StreamPipe.pair()) {
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeInRandomChunks(pair.master(), data));
			byte[] received = receive(pair.worker(), data.length, WAIT);
			writer.join();
			assertThat(received).isEqualTo(data);
			assertThat(pair.master().metric().bytesWritten()).isEqualTo(data.length);
			assertThat(pair.worker().metric().bytesRead()).isEqualTo(data.length);
		}
	}

	@Test
	void tryReadReturnsNothingAtOnceWhenNoByteIsThere() throws Exception {
		try (PipePair<StreamPipe> pair = StreamPipe.pair()) {
			assertThat(pair.worker().tryRead(ByteBuffer.allocate(16))).isEqualTo(StreamPipe.NOTHING);
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

}
