package io.swoole4j.ipc;

import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessagePipeTests extends AbstractSocketPipeContractTests<MessagePipe> {

	/** Message sizes each writer cycles through: empty, one byte, several MiB, others. */
	private static final int[] SIZES = { 0, 1, 3 << 20, 5, 100, 0, 1, 65_537, 8192 };

	@Override
	PipePair<MessagePipe> pair() throws IOException {
		return MessagePipe.pair();
	}

	@Override
	MessagePipe accept(PipeListener listener) throws Exception {
		return listener.acceptMessage(WAIT);
	}

	@Override
	String childMode() {
		return "message";
	}

	@Override
	void send(MessagePipe end, byte[] bytes) throws IOException {
		end.send(bytes);
	}

	@Override
	byte[] receive(MessagePipe end, int length, Duration timeout) throws Exception {
		byte[] message = end.receive(timeout);
		if (message != null) {
			assertThat(message).hasSize(length);
		}
		return message;
	}

	@Override
	boolean seesEndOfStream(MessagePipe end, Duration timeout) throws Exception {
		try {
			end.receive(timeout);
			return false;
		}
		catch (EOFException ex) {
			return true;
		}
	}

	@Test
	@Timeout(90)
	void keepsBoundariesOfEmptyTinyAndMultiMegabyteMessagesFromConcurrentWriters() throws Exception {
		int writers = 3;
		int perWriter = SIZES.length * 2;
		// own threads: the common pool has a single thread on a 2-core machine
		try (PipePair<MessagePipe> pair = MessagePipe.pair();
				ExecutorService threads = Executors.newFixedThreadPool(writers)) {
			List<CompletableFuture<Void>> sending = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				sending.add(CompletableFuture.runAsync(() -> {
					for (int i = 0; i < perWriter; i++) {
						sendUnchecked(pair.master(), message(writer, i));
					}
				}, threads));
			}
			int[] nextSequence = new int[writers];
			int[] empties = new int[1];
			int[] tiny = new int[writers];
			for (int n = 0; n < writers * perWriter; n++) {
				byte[] received = pair.worker().receive(WAIT);
				assertThat(received).as("message %d", n).isNotNull();
				if (received.length == 0) {
					empties[0]++;
				}
				else if (received.length == 1) {
					tiny[received[0]]++;
				}
				else {
					int writer = received[0];
					int sequence = ByteBuffer.wrap(received, 1, 4).getInt();
					assertThat(sequence).as("order of writer %d", writer).isGreaterThanOrEqualTo(nextSequence[writer]);
					assertThat(received).isEqualTo(message(writer, sequence));
					nextSequence[writer] = sequence + 1;
				}
			}
			CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).join();
			assertThat(empties[0]).isEqualTo(writers * 4);
			assertThat(tiny).containsOnly(4);
			assertThat(pair.worker().tryReceive()).isNull();
			assertThat(pair.worker().metric().reads()).isEqualTo(writers * perWriter);
		}
	}

	@Test
	void refusesToSendMoreThanTheLimit() throws Exception {
		try (PipePair<MessagePipe> pair = MessagePipe.pair(16)) {
			assertThatIllegalArgumentException().isThrownBy(() -> pair.master().send(new byte[17]))
				.withMessage("message length: 17 (expected: <= maxMessageLength 16)");
			assertThat(pair.master().trySend(new byte[16])).isTrue();
			assertThat(pair.worker().receive(WAIT)).hasSize(16);
		}
	}

	@Test
	void declaredLengthAboveTheLimitClosesTheReceiverWithoutReservingMemory() throws Exception {
		try (PipeListener listener = PipeListener.open();
				MessagePipe receiver = MessagePipe.connect(listener.address(), 1024);
				StreamPipe rogue = listener.acceptStream(WAIT)) {
			rogue.write(ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE));
			assertThatExceptionOfType(StreamCorruptedException.class).isThrownBy(() -> receiver.receive(WAIT))
				.withMessageContaining("exceeds maxMessageLength 1024");
			assertThat(receiver.isOpen()).isFalse();
		}
	}

	private static byte[] message(int writer, int index) {
		int size = SIZES[index % SIZES.length];
		byte[] bytes = new byte[size];
		if (size == 1) {
			bytes[0] = (byte) writer;
		}
		else if (size > 1) {
			new Random(writer * 1000L + index).nextBytes(bytes);
			bytes[0] = (byte) writer;
			if (size >= 5) {
				ByteBuffer.wrap(bytes, 1, 4).putInt(index);
			}
		}
		return bytes;
	}

	private static void sendUnchecked(MessagePipe pipe, byte[] message) {
		try {
			pipe.send(message);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
