package io.swoole4j.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link Poller} contract, run once per implementation by a subclass. The test thread
 * plays the loop thread.
 */
@Timeout(30)
abstract class AbstractPollerContractTests {

	private static final ChannelHandler NO_HANDLER = (registration) -> {
	};

	private Poller poller;

	private final List<SocketPair> pairs = new ArrayList<>();

	private final List<int[]> ready = new ArrayList<>();

	private final List<Registration> readyRegistrations = new ArrayList<>();

	protected abstract Poller openPoller() throws IOException;

	@BeforeEach
	void open() throws IOException {
		this.poller = openPoller();
	}

	@AfterEach
	void close() throws IOException {
		this.poller.close();
		for (SocketPair pair : this.pairs) {
			pair.close();
		}
	}

	private Registration register(int ops) throws IOException {
		SocketPair pair = SocketPair.open();
		this.pairs.add(pair);
		Registration registration = new Registration(null, pair.server(), ops, NO_HANDLER, pair);
		this.poller.register(registration);
		return registration;
	}

	private int poll(long timeoutMillis) throws IOException {
		this.ready.clear();
		this.readyRegistrations.clear();
		return this.poller.poll(timeoutMillis, (registration, readyOps) -> {
			this.readyRegistrations.add(registration);
			this.ready.add(new int[] { readyOps });
		});
	}

	private static void send(Registration registration) throws IOException {
		((SocketPair) registration.attachment()).client().write(ByteBuffer.wrap(new byte[] { 42 }));
	}

	@Test
	void reportsReadableChannelWithItsRegistrationAndReadOp() throws IOException {
		Registration quiet = register(SelectionKey.OP_READ);
		Registration loud = register(SelectionKey.OP_READ);
		send(loud);
		assertThat(poll(5_000)).isEqualTo(1);
		assertThat(this.readyRegistrations).containsExactly(loud);
		assertThat(this.ready.get(0)[0]).isEqualTo(SelectionKey.OP_READ);
		assertThat(quiet.channel().isBlocking()).isFalse();
	}

	@Test
	void levelTriggeredReadinessIsReportedAgainUntilConsumed() throws IOException {
		Registration registration = register(SelectionKey.OP_READ);
		send(registration);
		assertThat(poll(5_000)).isEqualTo(1);
		assertThat(poll(0)).isEqualTo(1);
		((SocketPair) registration.attachment()).server().read(ByteBuffer.allocate(8));
		assertThat(poll(0)).isZero();
	}

	@Test
	void reportsReadAndWriteTogetherForOneChannel() throws IOException {
		Registration registration = register(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
		send(registration);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		int ops = 0;
		while (ops != (SelectionKey.OP_READ | SelectionKey.OP_WRITE) && System.nanoTime() < deadline) {
			poll(100);
			ops = this.ready.isEmpty() ? 0 : this.ready.get(0)[0];
		}
		assertThat(ops).isEqualTo(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
		assertThat(this.ready).hasSize(1);
	}

	@Test
	void modifyChangesTheReportedOperations() throws IOException {
		Registration registration = register(0);
		assertThat(poll(0)).isZero();
		registration.interestOpsUnchecked(SelectionKey.OP_WRITE);
		this.poller.modify(registration);
		assertThat(poll(5_000)).isEqualTo(1);
		assertThat(this.ready.get(0)[0]).isEqualTo(SelectionKey.OP_WRITE);
		registration.interestOpsUnchecked(0);
		this.poller.modify(registration);
		assertThat(poll(0)).isZero();
	}

	@Test
	void deregisteredChannelIsNotReportedAndCanBeRegisteredAgainAtOnce() throws IOException {
		Registration registration = register(SelectionKey.OP_WRITE);
		this.poller.deregister(registration);
		assertThat(poll(0)).isZero();
		Registration again = new Registration(null, registration.channel(), SelectionKey.OP_WRITE, NO_HANDLER, null);
		this.poller.register(again);
		assertThat(poll(5_000)).isEqualTo(1);
		assertThat(this.readyRegistrations).containsExactly(again);
	}

	@Test
	void timedPollReturnsEmptyAfterItsTimeout() throws IOException {
		register(SelectionKey.OP_READ);
		long start = System.nanoTime();
		assertThat(poll(50)).isZero();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(40);
	}

	@Test
	void wakeupFromAnotherThreadEndsAnUnboundedPoll() throws Exception {
		register(SelectionKey.OP_READ);
		CompletableFuture<Void> waker = CompletableFuture.runAsync(() -> {
			sleepQuietly(100);
			this.poller.wakeup();
		});
		assertThat(poll(-1)).isZero();
		waker.get(10, TimeUnit.SECONDS);
	}

	@Test
	void wakeupBeforeAPollMakesItReturnAtOnce() throws IOException {
		this.poller.wakeup();
		long start = System.nanoTime();
		assertThat(poll(10_000)).isZero();
		assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
