package io.swoole4j.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

@Timeout(30)
class ReactorTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Reactor reactor = new Reactor("reactor-test");

	private final List<AutoCloseable> closeables = new ArrayList<>();

	@AfterEach
	void stopReactor() throws Exception {
		this.reactor.stop();
		assertThat(this.reactor.awaitTermination(WAIT)).isTrue();
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
	}

	private SocketPair pair() {
		SocketPair pair = SocketPair.open();
		this.closeables.add(pair);
		return pair;
	}

	private <T> T onLoop(Callable<T> action) throws Exception {
		CompletableFuture<T> result = new CompletableFuture<>();
		this.reactor.execute(() -> {
			try {
				result.complete(action.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
	}

	/** Returns once the loop has finished every pass that was under way. */
	private void awaitPasses() throws Exception {
		onLoop(() -> null);
		onLoop(() -> null);
	}

	@Test
	void readIsHandledBeforeWriteForOneReadyChannel() throws Exception {
		SocketPair pair = pair();
		pair.client().write(ByteBuffer.wrap(new byte[] { 1 }));
		List<String> events = new CopyOnWriteArrayList<>();
		this.reactor.start();
		onLoop(() -> this.reactor.register(pair.server(), SelectionKey.OP_READ | SelectionKey.OP_WRITE,
				new ChannelHandler() {

					@Override
					public void onReadable(Registration registration) {
						events.add("read");
					}

					@Override
					public void onWritable(Registration registration) {
						events.add("write");
						registration.reactor().remove(registration);
					}

				}));
		await().atMost(WAIT).until(() -> events.size() == 2);
		awaitPasses();
		assertThat(events).containsExactly("read", "write");
	}

	@Test
	void noHandlerRunsAfterItsChannelIsRemovedEvenWhenBothEventsWereReady() throws Exception {
		SocketPair first = pair();
		SocketPair second = pair();
		first.client().write(ByteBuffer.wrap(new byte[] { 1 }));
		second.client().write(ByteBuffer.wrap(new byte[] { 1 }));
		List<Registration> registrations = new CopyOnWriteArrayList<>();
		AtomicInteger calls = new AtomicInteger();
		ChannelHandler removeAll = new ChannelHandler() {

			@Override
			public void onReadable(Registration registration) {
				calls.incrementAndGet();
				// both channels were ready in this pass: whichever runs first removes
				// both
				for (Registration each : registrations) {
					each.reactor().remove(each);
				}
			}

			@Override
			public void onWritable(Registration registration) {
				calls.incrementAndGet();
			}

		};
		this.reactor.start();
		onLoop(() -> {
			int ops = SelectionKey.OP_READ | SelectionKey.OP_WRITE;
			registrations.add(this.reactor.register(first.server(), ops, removeAll));
			registrations.add(this.reactor.register(second.server(), ops, removeAll));
			return null;
		});
		await().atMost(WAIT).until(() -> calls.get() > 0);
		awaitPasses();
		assertThat(calls).hasValue(1);
		assertThat(registrations).noneMatch(Registration::isActive);
		assertThat(this.reactor.metric().channelsRegistered()).isZero();
		assertThat(onLoop(() -> this.reactor.remove(registrations.get(0)))).isFalse();
	}

	@Test
	void tasksFromOtherThreadsRunInSubmissionOrder() throws Exception {
		int threads = 4;
		int perThread = 20_000;
		List<List<Integer>> seen = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			seen.add(new ArrayList<>());
		}
		this.reactor.start();
		List<Thread> producers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			List<Integer> sink = seen.get(t);
			producers.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < perThread; i++) {
					int value = i;
					this.reactor.execute(() -> sink.add(value));
				}
			}));
		}
		for (Thread producer : producers) {
			producer.join();
		}
		awaitPasses();
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < perThread; i++) {
			expected.add(i);
		}
		for (List<Integer> sink : seen) {
			assertThat(onLoop(() -> List.copyOf(sink))).isEqualTo(expected);
		}
		// the counter moves just after the task that completed the future returns
		await().atMost(WAIT).until(() -> this.reactor.metric().tasksRun() == this.reactor.metric().tasksQueued());
	}

	@Test
	void stopFromOutsideRunsAlreadyQueuedTasksAndEndsTheThread() throws Exception {
		this.reactor.start();
		CountDownLatch release = new CountDownLatch(1);
		AtomicReference<Thread> loopThread = new AtomicReference<>();
		this.reactor.execute(() -> {
			loopThread.set(Thread.currentThread());
			awaitQuietly(release);
		});
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 100; i++) {
			this.reactor.execute(ran::incrementAndGet);
		}
		this.reactor.stop();
		this.reactor.stop();
		release.countDown();
		assertThat(this.reactor.awaitTermination(WAIT)).isTrue();
		assertThat(ran).hasValue(100);
		loopThread.get().join(WAIT.toMillis());
		assertThat(loopThread.get().isAlive()).isFalse();
		assertThat(this.reactor.isTerminated()).isTrue();
		assertThat(this.reactor.tryExecute(ran::incrementAndGet)).isFalse();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.reactor.execute(ran::incrementAndGet));
		assertThat(this.reactor.afterAsync(1, (id) -> {
		})).isCompletedExceptionally();
	}

	@Test
	void stopFromInsideTheLoopRunsTasksPostedMeanwhileAndEndsTheThread() throws Exception {
		this.reactor.start();
		List<String> order = new CopyOnWriteArrayList<>();
		AtomicReference<Thread> loopThread = new AtomicReference<>();
		this.reactor.execute(() -> {
			loopThread.set(Thread.currentThread());
			this.reactor.stop();
			this.reactor.execute(() -> order.add("task"));
			this.reactor.defer(() -> order.add("deferred"));
			this.reactor.timer().after(1, (id) -> order.add("timer"));
		});
		assertThat(this.reactor.awaitTermination(WAIT)).isTrue();
		loopThread.get().join(WAIT.toMillis());
		assertThat(loopThread.get().isAlive()).isFalse();
		assertThat(order).containsExactly("task", "deferred");
	}

	@Test
	void stopDeregistersChannelsButLeavesThemOpen() throws Exception {
		SocketPair pair = pair();
		this.reactor.start();
		Registration registration = onLoop(
				() -> this.reactor.register(pair.server(), SelectionKey.OP_READ, (r) -> r.channel().close()));
		assertThat(this.reactor.metric().channelsRegistered()).isEqualTo(1);
		this.reactor.stop();
		assertThat(this.reactor.awaitTermination(WAIT)).isTrue();
		assertThat(registration.isActive()).isFalse();
		assertThat(pair.server().isOpen()).isTrue();
		assertThat(this.reactor.metric().channelsRegistered()).isZero();
	}

	@Test
	void stopBeforeStartTerminatesAtOnceAndStartTwiceFails() throws Exception {
		Reactor unstarted = new Reactor("never-started");
		unstarted.stop();
		assertThat(unstarted.awaitTermination(Duration.ZERO)).isTrue();
		assertThatIllegalStateException().isThrownBy(unstarted::start);
		this.reactor.start();
		assertThatIllegalStateException().isThrownBy(this.reactor::start);
	}

	@Test
	void loopThreadOnlyMethodsRefuseOtherThreads() throws Exception {
		SocketPair pair = pair();
		this.reactor.start();
		assertThat(this.reactor.inLoop()).isFalse();
		assertThat(onLoop(this.reactor::inLoop)).isTrue();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.reactor.register(pair.server(), SelectionKey.OP_READ, (r) -> {
			}))
			.withMessageContaining("loop thread");
		assertThatIllegalStateException().isThrownBy(() -> this.reactor.defer(() -> {
		}));
		assertThatIllegalStateException().isThrownBy(() -> this.reactor.afterEvents(() -> {
		}));
	}

	@Test
	void reactorTimerAssertsItIsUsedOnTheLoopThread() throws Exception {
		this.reactor.start();
		assertThat(onLoop(() -> this.reactor.timer().after(1_000, (id) -> {
		}))).isEqualTo(1);
		// surefire runs with assertions on
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.reactor.timer().after(1, (id) -> {
		})).withMessageContaining("owner thread");
	}

	@Test
	void registrationsAreCheckedAtTheBoundary() throws Exception {
		SocketPair pair = pair();
		this.reactor.start();
		Registration registration = onLoop(() -> this.reactor.register(pair.server(), 0, (r) -> {
		}, "context"));
		assertThat(registration.attachment()).isEqualTo("context");
		assertThat(registration.channel().isBlocking()).isFalse();
		assertThatIllegalArgumentException().isThrownBy(
				() -> onLoopUnwrapped(() -> this.reactor.register(pair.client(), SelectionKey.OP_ACCEPT, (r) -> {
				})))
			.withMessage("ops: 16 (expected: a subset of 13)");
		assertThatIllegalStateException()
			.isThrownBy(() -> onLoopUnwrapped(() -> this.reactor.register(pair.server(), SelectionKey.OP_READ, (r) -> {
			})))
			.withMessageContaining("already registered");
	}

	private <T> T onLoopUnwrapped(Callable<T> action) throws Throwable {
		try {
			return onLoop(action);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw ex.getCause();
		}
	}

	@Test
	void modifyTogglesWriteInterestAndRemovedRegistrationsRefuseChanges() throws Exception {
		SocketPair pair = pair();
		AtomicInteger writable = new AtomicInteger();
		this.reactor.start();
		Registration registration = onLoop(
				() -> this.reactor.register(pair.server(), SelectionKey.OP_READ, new ChannelHandler() {

					@Override
					public void onReadable(Registration r) {
					}

					@Override
					public void onWritable(Registration r) {
						writable.incrementAndGet();
						r.interestOps(SelectionKey.OP_READ);
					}

				}));
		awaitPasses();
		assertThat(writable).hasValue(0);
		assertThat(onLoop(() -> registration.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE))).isTrue();
		await().atMost(WAIT).until(() -> writable.get() == 1);
		awaitPasses();
		assertThat(writable).hasValue(1);
		assertThat(onLoop(() -> this.reactor.remove(registration))).isTrue();
		assertThat(onLoop(() -> this.reactor.modify(registration, SelectionKey.OP_WRITE))).isFalse();
		assertThat(onLoop(() -> this.reactor.remove(registration))).isFalse();
		// a removed channel can be registered again at once
		Registration again = onLoop(() -> this.reactor.register(pair.server(), SelectionKey.OP_WRITE, (r) -> {
		}));
		assertThat(again.isActive()).isTrue();
	}

	@Test
	void handlerThatThrowsIsCountedLosesItsChannelAndTheLoopKeepsRunning() throws Exception {
		SocketPair pair = pair();
		pair.client().write(ByteBuffer.wrap(new byte[] { 1 }));
		this.reactor.start();
		Registration registration = onLoop(() -> this.reactor.register(pair.server(), SelectionKey.OP_READ, (r) -> {
			throw new IOException("boom (expected by the test)");
		}));
		await().atMost(WAIT).until(() -> this.reactor.metric().handlerErrors() == 1);
		this.reactor.execute(() -> {
			throw new IllegalStateException("task boom (expected by the test)");
		});
		await().atMost(WAIT).until(() -> this.reactor.metric().handlerErrors() == 2);
		assertThat(onLoop(() -> "still running")).isEqualTo("still running");
		assertThat(registration.isActive()).isFalse();
		assertThat(pair.server().isOpen()).isFalse();
	}

	@Test
	void deferredTasksRunAfterThePassTasksAndDeferralsFromThemWaitForTheNextPass() throws Exception {
		List<String> order = new CopyOnWriteArrayList<>();
		this.reactor.start();
		this.reactor.execute(() -> {
			order.add("task");
			this.reactor.defer(() -> {
				order.add("deferred");
				this.reactor.defer(() -> order.add("deferred-next-pass"));
			});
			this.reactor.execute(() -> order.add("task-posted-by-task"));
		});
		await().atMost(WAIT).until(() -> order.size() == 4);
		assertThat(order).containsExactly("task", "task-posted-by-task", "deferred", "deferred-next-pass");
	}

	@Test
	void afterEventsTasksRunOnceTheEventsAreDispatchedAndBeforeTimersAndTasks() throws Exception {
		SocketPair pair = pair();
		List<String> order = new CopyOnWriteArrayList<>();
		this.reactor.start();
		onLoop(() -> this.reactor.register(pair.server(), SelectionKey.OP_READ, (registration) -> {
			pair.server().read(ByteBuffer.allocate(16));
			order.add("event");
			this.reactor.defer(() -> order.add("deferred"));
			this.reactor.execute(() -> order.add("task"));
			this.reactor.afterEvents(() -> order.add("after-events"));
			registration.reactor().remove(registration);
		}));
		pair.client().write(ByteBuffer.wrap(new byte[] { 1 }));
		await().atMost(WAIT).until(() -> order.size() == 4);
		assertThat(order).containsExactly("event", "after-events", "task", "deferred");
	}

	@Test
	void afterEventsTasksAddedByATaskRunAtTheEndOfThePass() throws Exception {
		List<String> order = new CopyOnWriteArrayList<>();
		this.reactor.start();
		this.reactor.execute(() -> {
			this.reactor.afterEvents(() -> order.add("after-events"));
			this.reactor.defer(() -> order.add("deferred"));
			order.add("task");
		});
		await().atMost(WAIT).until(() -> order.size() == 3);
		assertThat(order).containsExactly("task", "deferred", "after-events");
	}

	@Test
	void manyTasksPostedWhileTheLoopIsAwakeCauseNoWakeups() throws Exception {
		this.reactor.start();
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch blocked = new CountDownLatch(1);
		this.reactor.execute(() -> {
			blocked.countDown();
			awaitQuietly(release);
		});
		blocked.await();
		long wakeupsBefore = this.reactor.metric().wakeups();
		AtomicInteger ran = new AtomicInteger();
		for (int i = 0; i < 1_000; i++) {
			this.reactor.execute(ran::incrementAndGet);
		}
		assertThat(this.reactor.metric().wakeups()).isEqualTo(wakeupsBefore);
		release.countDown();
		await().atMost(WAIT).until(() -> ran.get() == 1_000);
		assertThat(this.reactor.metric().wakeups()).isLessThanOrEqualTo(wakeupsBefore + 1);
		assertThat(wakeupsBefore).isLessThanOrEqualTo(1);
	}

	@Test
	void timersRunOnTheLoopThreadAndCanBeManagedFromOtherThreads() throws Exception {
		this.reactor.start();
		CompletableFuture<Thread> firedOn = new CompletableFuture<>();
		long afterId = this.reactor.afterAsync(20, (id) -> firedOn.complete(Thread.currentThread()))
			.get(10, TimeUnit.SECONDS);
		List<Long> ticks = Collections.synchronizedList(new ArrayList<>());
		long tickId = this.reactor.tickAsync(5, ticks::add).get(10, TimeUnit.SECONDS);
		assertThat(afterId).isEqualTo(1);
		assertThat(tickId).isEqualTo(2);
		Thread loop = firedOn.get(10, TimeUnit.SECONDS);
		assertThat(loop.getName()).isEqualTo("reactor-test");
		await().atMost(WAIT).until(() -> ticks.size() >= 3);
		assertThat(this.reactor.clearTimerAsync(tickId).get(10, TimeUnit.SECONDS)).isTrue();
		int count = ticks.size();
		awaitPasses();
		Thread.sleep(30);
		assertThat(ticks).hasSize(count).containsOnly(tickId);
		assertThat(this.reactor.clearTimerAsync(tickId).get(10, TimeUnit.SECONDS)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> this.reactor.tickAsync(0, (id) -> {
		})).withMessage("ms: 0 (expected: in [1, 4611686018427])");
	}

	@Test
	void metricCountsLoopsEventsTasksAndChannels() throws Exception {
		SocketPair pair = pair();
		this.reactor.start();
		pair.client().write(ByteBuffer.wrap(new byte[] { 1, 2, 3 }));
		CompletableFuture<Integer> read = new CompletableFuture<>();
		onLoop(() -> this.reactor.register(pair.server(), SelectionKey.OP_READ, (r) -> {
			read.complete(((java.nio.channels.SocketChannel) r.channel()).read(ByteBuffer.allocate(16)));
			r.interestOps(0);
		}));
		assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(3);
		awaitPasses();
		ReactorMetric metric = this.reactor.metric();
		assertThat(metric.name()).isEqualTo("reactor-test");
		assertThat(metric.loops()).isPositive();
		assertThat(metric.eventsHandled()).isEqualTo(1);
		assertThat(metric.handlerNanos()).isPositive();
		assertThat(metric.channelsRegistered()).isEqualTo(1);
		await().atMost(WAIT).until(() -> metric.tasksRun() == metric.tasksQueued());
		assertThat(metric.tasksRun()).isGreaterThanOrEqualTo(3);
		assertThat(metric.handlerErrors()).isZero();
		assertThat(metric.pollerErrors()).isZero();
	}

	@Test
	void loopWithPendingTimersDoesNotExitWhenAskedToStopOnceIdle() throws Exception {
		this.reactor.start();
		List<String> fired = new CopyOnWriteArrayList<>();
		AtomicInteger ticks = new AtomicInteger();
		onLoop(() -> {
			this.reactor.timer().after(300, (id) -> fired.add("after"));
			return this.reactor.timer().tick(20, (id) -> {
				if (ticks.incrementAndGet() == 3) {
					this.reactor.timer().clear(id);
				}
			});
		});
		this.reactor.stopWhenIdle();
		assertThat(this.reactor.awaitTermination(Duration.ofMillis(150))).isFalse();
		assertThat(fired).isEmpty();
		assertThat(this.reactor.awaitTermination(WAIT)).isTrue();
		assertThat(fired).containsExactly("after");
		assertThat(ticks).hasValue(3);
	}

	@Test
	void idleLoopAskedToStopOnceIdleEndsAtOnce() throws Exception {
		this.reactor.stopWhenIdle();
		this.reactor.start();
		assertThat(this.reactor.awaitTermination(WAIT)).isTrue();
	}

	@Test
	void failingPollerIsLoggedAndBackedOffInsteadOfSpinning() throws Exception {
		AtomicInteger polls = new AtomicInteger();
		Reactor failing = new Reactor("failing-poller", () -> new FailingPoller(polls));
		failing.start();
		try {
			CompletableFuture<String> task = new CompletableFuture<>();
			failing.execute(() -> task.complete("ran"));
			assertThat(task.get(10, TimeUnit.SECONDS)).isEqualTo("ran");
			Thread.sleep(1_500);
			// a spinning loop would have polled thousands of times
			assertThat(polls.get()).isBetween(1, 4);
			assertThat(failing.metric().pollerErrors()).isEqualTo(polls.get());
		}
		finally {
			failing.stop();
		}
		// stop cuts the back-off short
		assertThat(failing.awaitTermination(Duration.ofMillis(900))).isTrue();
	}

	private static final class FailingPoller implements Poller {

		private final AtomicInteger polls;

		FailingPoller(AtomicInteger polls) {
			this.polls = polls;
		}

		@Override
		public void register(Registration registration) {
		}

		@Override
		public void modify(Registration registration) {
		}

		@Override
		public void deregister(Registration registration) {
		}

		@Override
		public int poll(long timeoutMillis, ReadySink sink) throws IOException {
			this.polls.incrementAndGet();
			throw new IOException("simulated poller failure (expected by the test)");
		}

		@Override
		public void wakeup() {
		}

		@Override
		public void close() {
		}

	}

	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
