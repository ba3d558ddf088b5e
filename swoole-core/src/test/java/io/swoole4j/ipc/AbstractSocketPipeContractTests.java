package io.swoole4j.ipc;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every socket pipe kind keeps, run once per kind: data arrives unchanged
 * and in order (also through a child JVM), a timed read gives "nothing" after its
 * timeout, a close is seen by the other end after its data, and the channel can be
 * selected by a reactor.
 */
@Timeout(60)
abstract class AbstractSocketPipeContractTests<T extends SocketPipe> {

	static final Duration WAIT = Duration.ofSeconds(30);

	abstract PipePair<T> pair() throws IOException;

	abstract T accept(PipeListener listener) throws Exception;

	/** The {@link PipeChildMain} mode that echoes this kind. */
	abstract String childMode();

	abstract void send(T end, byte[] bytes) throws IOException;

	/**
	 * Receives {@code length} bytes (one message for a message pipe).
	 * @return them, or null if nothing arrived within the timeout
	 */
	abstract byte[] receive(T end, int length, Duration timeout) throws Exception;

	/** Tells whether the next read reports that the other end closed. */
	abstract boolean seesEndOfStream(T end, Duration timeout) throws Exception;

	@Test
	void dataTravelsUnchangedToAChildJvmAndBack() throws Exception {
		List<byte[]> payloads = List.of(new byte[] { 1 }, StreamPipeTests.randomBytes(2 << 20, 3),
				StreamPipeTests.randomBytes(100, 4));
		try (PipeListener listener = PipeListener.open();
				ChildJvm child = ChildJvm.start(PipeChildMain.class, childMode(), listener.address())) {
			try (T end = accept(listener)) {
				assertThat(end).isNotNull();
				child.expectLine("ready", WAIT);
				CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> payloads.forEach((p) -> {
					try {
						send(end, p);
					}
					catch (IOException ex) {
						throw new java.io.UncheckedIOException(ex);
					}
				}));
				for (byte[] expected : payloads) {
					assertThat(receive(end, expected.length, WAIT)).isEqualTo(expected);
				}
				writer.join();
			}
			child.expectLine("done", WAIT);
			assertThat(child.waitFor(WAIT)).isZero();
		}
	}

	@Test
	void readWithTimeoutReturnsNothingAfterTheTimeout() throws Exception {
		try (PipePair<T> pair = pair()) {
			long start = System.nanoTime();
			assertThat(receive(pair.worker(), 16, Duration.ofMillis(200))).isNull();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
		}
	}

	@Test
	void closingOneEndIsSeenByTheOtherAfterItsData() throws Exception {
		try (PipePair<T> pair = pair()) {
			send(pair.master(), new byte[] { 1, 2, 3 });
			pair.master().close();
			assertThat(pair.master().isOpen()).isFalse();
			assertThat(receive(pair.worker(), 3, WAIT)).containsExactly(1, 2, 3);
			assertThat(seesEndOfStream(pair.worker(), WAIT)).isTrue();
		}
	}

	@Test
	void closingAnEndEndsAReadWaitingOnIt() throws Exception {
		try (PipePair<T> pair = pair()) {
			CompletableFuture<byte[]> reading = CompletableFuture.supplyAsync(() -> {
				try {
					return receive(pair.worker(), 1, WAIT);
				}
				catch (Exception ex) {
					throw new CompletionException(ex);
				}
			});
			Thread.sleep(200);
			pair.worker().close();
			assertThat(reading).failsWithin(WAIT).withThrowableThat().withCauseInstanceOf(IOException.class);
		}
	}

	@Test
	void channelIsSelectableByAReactor() throws Exception {
		try (PipePair<T> pair = pair(); Selector selector = Selector.open()) {
			pair.worker().channel().register(selector, SelectionKey.OP_READ);
			assertThat(selector.selectNow()).isZero();
			send(pair.master(), new byte[] { 42 });
			assertThat(selector.select(WAIT.toMillis())).isEqualTo(1);
			assertThat(receive(pair.worker(), 1, WAIT)).containsExactly(42);
		}
	}

}
