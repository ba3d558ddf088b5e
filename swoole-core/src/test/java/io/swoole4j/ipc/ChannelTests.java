package io.swoole4j.ipc;

import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.memory.SharedMemory;
import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(90)
class ChannelTests {

	@Test
	void pushToAFullChannelReturnsFalseAndChangesNothing() {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			// 12 bytes take a 16-byte slot: four fill the 64-byte ring exactly
			for (int i = 0; i < 4; i++) {
				assertThat(channel.push(new byte[12])).isTrue();
			}
			ChannelStats before = channel.stats();
			assertThat(channel.push(new byte[0])).isFalse();
			assertThat(channel.stats()).isEqualTo(before);
			assertThat(before.messages()).isEqualTo(4);
			assertThat(before.bytes()).isEqualTo(48);
			assertThat(before.capacity()).isEqualTo(64);
			assertThat(channel.metric().pushesRefused()).isEqualTo(1);
		}
	}

	@Test
	void popOfAnEmptyChannelGivesNothing() {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			assertThat(channel.pop()).isNull();
			assertThat(channel.pop(new byte[8])).isEqualTo(Channel.EMPTY);
			channel.push(new byte[] { 1 });
			assertThat(channel.pop()).containsExactly(1);
			assertThat(channel.pop()).isNull();
		}
	}

	@Test
	void emptyMessagesAreMessages() {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			assertThat(channel.push(new byte[0])).isTrue();
			assertThat(channel.stats().messages()).isEqualTo(1);
			assertThat(channel.pop()).isEmpty();
			assertThat(channel.pop()).isNull();
		}
	}

	@Test
	void popIntoATooSmallBufferLeavesTheMessageQueued() {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			channel.push(new byte[] { 1, 2, 3 });
			assertThat(channel.pop(new byte[2])).isEqualTo(Channel.BUFFER_TOO_SMALL);
			byte[] target = new byte[3];
			assertThat(channel.pop(target)).isEqualTo(3);
			assertThat(target).containsExactly(1, 2, 3);
		}
	}

	@Test
	void refusesMessagesAboveTheMaximumAndBadSizes() {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			assertThatIllegalArgumentException().isThrownBy(() -> channel.push(new byte[33]))
				.withMessage("message length: 33 (expected: in [0, maxMessageLength 32])");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> Channel.createAnonymous(64, 61))
			.withMessage("maxMessageLength: 61 (expected: in [0, 60])");
		assertThatIllegalArgumentException().isThrownBy(() -> Channel.createAnonymous(8, 2))
			.withMessageStartingWith("capacity: 8 (expected: in [16, ");
	}

	@Test
	void messagesWrapAroundTheRingIntactWhateverTheirSize() {
		Random random = new Random(42);
		Deque<byte[]> expected = new ArrayDeque<>();
		try (Channel channel = Channel.createAnonymous(100, 40)) {
			assertThat(channel.capacity()).isEqualTo(128);
			for (int round = 0; round < 20_000; round++) {
				if (random.nextBoolean()) {
					byte[] message = new byte[random.nextInt(41)];
					random.nextBytes(message);
					if (channel.push(message)) {
						expected.addLast(message);
					}
					else {
						assertThat(expected).isNotEmpty();
					}
				}
				else {
					byte[] message = channel.pop();
					if (expected.isEmpty()) {
						assertThat(message).isNull();
					}
					else {
						assertThat(message).isEqualTo(expected.removeFirst());
					}
				}
				assertThat(channel.metric().queuedMessages()).isEqualTo(expected.size());
				assertThat(channel.metric().queuedBytes())
					.isEqualTo(expected.stream().mapToLong((m) -> m.length).sum());
			}
		}
	}

	@Test
	void contentsStayIntactOverAMillionMessagesBetweenTwoProducerAndTwoConsumerThreads() throws Exception {
		int perProducer = 500_000;
		exchangeBetweenTwoProducerAndTwoConsumerThreads(perProducer,
				(channel, producer) -> ChannelTraffic.produce(channel, producer, perProducer),
				(channel, consumer) -> ChannelTraffic.consume(channel, 2, 2L * perProducer));
	}

	@Test
	void batchesKeepEveryMessageIntactOnceAndInOrderBetweenTwoProducerAndTwoConsumerThreads() throws Exception {
		int perProducer = 300_000;
		exchangeBetweenTwoProducerAndTwoConsumerThreads(perProducer,
				(channel, producer) -> ChannelTraffic.produceInBatches(channel, producer, perProducer,
						1 + producer * 16),
				(channel, consumer) -> ChannelTraffic.consumeInBatches(channel, 2, 2L * perProducer,
						7 + consumer * 25));
	}

	interface Producing {

		void produce(Channel channel, int producer) throws Exception;

	}

	interface Consuming {

		ChannelTraffic.Tally consume(Channel channel, int consumer) throws Exception;

	}

	/**
	 * Runs producers 0 and 1 and two consumers on own threads (the common pool has a
	 * single thread on a 2-core machine), then checks that every message arrived once and
	 * in producer order.
	 */
	private static void exchangeBetweenTwoProducerAndTwoConsumerThreads(int perProducer, Producing producing,
			Consuming consuming) throws Exception {
		int producers = 2;
		try (Channel channel = Channel.createAnonymous(4096, ChannelTraffic.MAX_LENGTH);
				ExecutorService threads = Executors.newFixedThreadPool(4)) {
			List<CompletableFuture<?>> work = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				int producer = p;
				work.add(CompletableFuture.runAsync(() -> run(() -> producing.produce(channel, producer)), threads));
			}
			List<CompletableFuture<ChannelTraffic.Tally>> consumers = new ArrayList<>();
			for (int c = 0; c < 2; c++) {
				int consumer = c;
				consumers.add(
						CompletableFuture.supplyAsync(() -> call(() -> consuming.consume(channel, consumer)), threads));
			}
			work.forEach(CompletableFuture::join);
			assertExactlyOnce(producers, perProducer, consumers.stream().map(CompletableFuture::join).toList(),
					List.of());
			assertThat(channel.stats().messages()).isZero();
			assertThat(channel.metric().pushed()).isEqualTo((long) producers * perProducer);
		}
	}

	@Test
	void pushAllPushesWhatFitsAndPopAllStopsAtAMessageTooLongForItsBuffer() {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			byte[][] messages = new byte[6][];
			for (int i = 0; i < messages.length; i++) {
				messages[i] = new byte[] { (byte) i, (byte) i, (byte) i, (byte) i, (byte) i, (byte) i, (byte) i,
						(byte) i, (byte) i, (byte) i, (byte) i, (byte) (i + 100) };
			}
			// 12 bytes take a 16-byte slot: four fill the 64-byte ring
			assertThat(channel.pushAll(messages, 1, 5)).isEqualTo(4);
			assertThat(channel.pushAll(messages, 5, 1)).isZero();
			assertThat(channel.metric().pushesRefused()).isEqualTo(2);
			assertThat(channel.stats().messages()).isEqualTo(4);
			byte[][] targets = { new byte[12], new byte[20], new byte[11] };
			int[] lengths = new int[3];
			assertThat(channel.popAll(targets, lengths)).isEqualTo(2);
			assertThat(targets[0]).isEqualTo(messages[1]);
			assertThat(Arrays.copyOf(targets[1], lengths[1])).isEqualTo(messages[2]);
			assertThat(lengths).startsWith(12, 12);
			assertThat(channel.popAll(new byte[][] { new byte[12], new byte[12], new byte[12] }, lengths)).isEqualTo(2);
			assertThat(channel.popAll(targets, lengths)).isZero();
			assertThat(channel.metric().popped()).isEqualTo(4);
			assertThatIllegalArgumentException().isThrownBy(() -> channel.pushAll(new byte[][] { new byte[33] }, 0, 1))
				.withMessage("message length: 33 (expected: in [0, maxMessageLength 32])");
			assertThat(channel.stats().messages()).isZero();
		}
	}

	@Test
	void callsOnAClosedChannelFail() {
		Channel channel = Channel.createAnonymous(64, 32);
		channel.close();
		assertThatThrownBy(() -> channel.push(new byte[1])).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("closed");
		assertThatThrownBy(() -> channel.pop()).isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> channel.pop(Duration.ofMillis(1))).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void twoJvmsWithTwoProducersAndTwoConsumersSeeEveryMessageOnceAndInProducerOrder() throws Exception {
		int producers = 2;
		int perProducer = 200_000;
		String name = UniqueNames.next("channel");
		try (Channel channel = Channel.create(name, 8192, ChannelTraffic.MAX_LENGTH);
				ChildJvm child = ChildJvm.start(ChannelChildMain.class, name, "1", String.valueOf(producers),
						String.valueOf(perProducer))) {
			try {
				child.expectLine("ready", Duration.ofSeconds(30));
				CompletableFuture<Void> producer = CompletableFuture
					.runAsync(() -> run(() -> ChannelTraffic.produce(channel, 0, perProducer)));
				ChannelTraffic.Tally mine = ChannelTraffic.consume(channel, producers, (long) producers * perProducer);
				producer.join();
				List<String> childLines = new ArrayList<>();
				for (String line = child.readLine(Duration.ofSeconds(60)); !line.equals("done"); line = child
					.readLine(Duration.ofSeconds(60))) {
					childLines.add(line);
				}
				assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
				assertExactlyOnce(producers, perProducer, List.of(mine), childLines);
			}
			finally {
				channel.destroy();
			}
			assertThat(SharedMemory.exists(name)).isFalse();
		}
	}

	@Test
	void popWithTimeoutReturnsNothingAfterTheTimeout() throws Exception {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			long start = System.nanoTime();
			assertThat(channel.pop(Duration.ofMillis(200))).isNull();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
		}
	}

	@Test
	void pushWithTimeoutReturnsFalseWhileTheChannelStaysFull() throws Exception {
		try (Channel channel = Channel.createAnonymous(16, 12)) {
			assertThat(channel.push(new byte[12])).isTrue();
			long start = System.nanoTime();
			assertThat(channel.push(new byte[1], Duration.ofMillis(200))).isFalse();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
		}
	}

	@Test
	void aWaitingConsumerIsWokenByAPush() throws Exception {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			CompletableFuture<byte[]> popped = CompletableFuture
				.supplyAsync(() -> call(() -> channel.pop(Duration.ofSeconds(30))));
			Thread.sleep(200);
			channel.push(new byte[] { 5 });
			assertThat(popped.get(30, TimeUnit.SECONDS)).containsExactly(5);
		}
	}

	@Test
	void aWaitingProducerIsWokenByAPop() throws Exception {
		try (Channel channel = Channel.createAnonymous(16, 12)) {
			channel.push(new byte[12]);
			CompletableFuture<Boolean> pushed = CompletableFuture
				.supplyAsync(() -> call(() -> channel.push(new byte[] { 7 }, Duration.ofSeconds(30))));
			Thread.sleep(200);
			assertThat(channel.pop()).hasSize(12);
			assertThat(pushed.get(30, TimeUnit.SECONDS)).isTrue();
			assertThat(channel.pop()).containsExactly(7);
		}
	}

	@Test
	void attachingARegionWithoutAChannelFailsClearly() {
		String name = UniqueNames.next("not-a-channel");
		try (SharedMemory region = SharedMemory.create(name, 4096)) {
			assertThatIllegalArgumentException().isThrownBy(() -> Channel.attach(name))
				.withMessageContaining("a region holding a channel");
			region.unlink();
		}
		assertThatThrownBy(() -> Channel.attach(name)).isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void attachedViewsShareMessagesAndCounters() {
		String name = UniqueNames.next("channel");
		Channel channel = Channel.create(name, 1024, 100);
		try (Channel view = Channel.attach(name)) {
			assertThat(view.capacity()).isEqualTo(1024);
			assertThat(view.maxMessageLength()).isEqualTo(100);
			channel.push(new byte[] { 1, 2 });
			assertThat(view.pop()).containsExactly(1, 2);
			assertThat(channel.metric().popped()).isEqualTo(1);
		}
		finally {
			channel.destroy();
		}
	}

	@Test
	void aMessageOfTheMaximumLengthFillsTheWholeRingLapAfterLap() {
		try (Channel channel = Channel.createAnonymous(64, 60)) {
			for (int lap = 0; lap < 5; lap++) {
				byte[] message = new byte[60];
				Arrays.fill(message, (byte) lap);
				assertThat(channel.push(message)).isTrue();
				assertThat(channel.push(new byte[0])).isFalse();
				assertThat(channel.stats().bytes()).isEqualTo(60);
				assertThat(channel.pop()).isEqualTo(message);
				assertThat(channel.pop()).isNull();
			}
		}
	}

	@Test
	void aSlotEndingExactlyAtTheEndOfTheSpanOrRunningPastItKeepsMessagesIntact() {
		try (Channel channel = Channel.createAnonymous(64, 32)) {
			// a 64-byte capacity spans 128 ring bytes; 12-byte messages take 16
			passThrough(channel, 7);
			// at ring offset 112 a 16-byte slot ends exactly at the end of the span
			byte[] atEnd = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
			assertThat(channel.push(atEnd)).isTrue();
			byte[] next = new byte[28];
			Arrays.fill(next, (byte) 9);
			assertThat(channel.push(next)).isTrue();
			assertThat(channel.pop()).isEqualTo(atEnd);
			assertThat(channel.pop()).isEqualTo(next);
			passThrough(channel, 5);
			// at ring offset 112 again: a 32-byte slot runs 16 bytes into the overflow
			// area
			byte[] past = new byte[28];
			Arrays.fill(past, (byte) 7);
			assertThat(channel.push(past)).isTrue();
			byte[] after = { 4, 5, 6 };
			assertThat(channel.push(after)).isTrue();
			assertThat(channel.pop()).isEqualTo(past);
			assertThat(channel.pop()).isEqualTo(after);
			assertThat(channel.pop()).isNull();
			assertThat(channel.stats().messages()).isZero();
		}
	}

	private static void passThrough(Channel channel, int messages) {
		for (int i = 0; i < messages; i++) {
			assertThat(channel.push(new byte[12])).isTrue();
			assertThat(channel.pop()).hasSize(12);
		}
	}

	@Test
	void aPushThatADeadProducerPublishedIsKeptWhenItsLockIsTakenOver() throws Exception {
		int dead = deadPid();
		withNamedChannel((channel, region) -> {
			// the dead producer copied {9, 8} and published the header, but did not move
			// tail
			region.set(ValueLayout.JAVA_BYTE, ChannelDescriptor.RING_OFFSET + 4, (byte) 9);
			region.set(ValueLayout.JAVA_BYTE, ChannelDescriptor.RING_OFFSET + 5, (byte) 8);
			region.set(ValueLayout.JAVA_INT, ChannelDescriptor.RING_OFFSET, 2 + 1);
			region.set(ValueLayout.JAVA_LONG, ChannelDescriptor.PRODUCER_LOCK_OFFSET, dead);
			assertThat(channel.push(new byte[] { 1 })).isTrue();
			assertThat(region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.PRODUCER_LOCK_OFFSET)).isZero();
			assertThat(channel.pop()).containsExactly(9, 8);
			assertThat(channel.pop()).containsExactly(1);
			assertThat(channel.pop()).isNull();
		});
	}

	@Test
	void aBatchThatADeadProducerPublishedIsKeptWhenItsLockIsTakenOver() throws Exception {
		int dead = deadPid();
		withNamedChannel((channel, region) -> {
			channel.push(new byte[] { 1 });
			assertThat(channel.pop()).containsExactly(1);
			// the dead producer published {9, 8} at 8 and {7} at 16, cleared the header
			// at 24, but did not move tail from 8
			region.set(ValueLayout.JAVA_BYTE, ChannelDescriptor.RING_OFFSET + 8 + 4, (byte) 9);
			region.set(ValueLayout.JAVA_BYTE, ChannelDescriptor.RING_OFFSET + 8 + 5, (byte) 8);
			region.set(ValueLayout.JAVA_INT, ChannelDescriptor.RING_OFFSET + 8, 2 + 1);
			region.set(ValueLayout.JAVA_BYTE, ChannelDescriptor.RING_OFFSET + 16 + 4, (byte) 7);
			region.set(ValueLayout.JAVA_INT, ChannelDescriptor.RING_OFFSET + 16, 1 + 1);
			region.set(ValueLayout.JAVA_LONG, ChannelDescriptor.PRODUCER_LOCK_OFFSET, dead);
			assertThat(channel.pushAll(new byte[][] { { 6 } }, 0, 1)).isEqualTo(1);
			assertThat(channel.pop()).containsExactly(9, 8);
			assertThat(channel.pop()).containsExactly(7);
			assertThat(channel.pop()).containsExactly(6);
			assertThat(channel.pop()).isNull();
		});
	}

	@Test
	void aMessageADeadConsumerWasPoppingIsDeliveredAgainWhenItsLockIsTakenOver() throws Exception {
		int dead = deadPid();
		withNamedChannel((channel, region) -> {
			channel.push(new byte[] { 1, 2 });
			channel.push(new byte[] { 3 });
			// the dead consumer held the lock, perhaps copying {1, 2}, but did not move
			// head
			region.set(ValueLayout.JAVA_LONG, ChannelDescriptor.CONSUMER_LOCK_OFFSET, dead);
			assertThat(channel.pop()).containsExactly(1, 2);
			assertThat(region.get(ValueLayout.JAVA_LONG, ChannelDescriptor.CONSUMER_LOCK_OFFSET)).isZero();
			assertThat(channel.pop()).containsExactly(3);
			assertThat(channel.pop()).isNull();
			assertThat(channel.metric().popped()).isEqualTo(2);
		});
	}

	interface Scenario {

		void run(Channel channel, MemorySegment region) throws Exception;

	}

	/** Runs a scenario on a fresh named channel and a second mapping of its region. */
	private static void withNamedChannel(Scenario scenario) throws Exception {
		String name = UniqueNames.next("channel");
		Channel channel = Channel.create(name, 1024, 100);
		try (SharedMemory view = SharedMemory.open(name)) {
			scenario.run(channel, view.segment());
		}
		finally {
			channel.destroy();
		}
	}

	private static int deadPid() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return (int) gone.pid();
	}

	private static void assertExactlyOnce(int producers, int perProducer, List<ChannelTraffic.Tally> tallies,
			List<String> childLines) {
		long n = perProducer;
		for (ChannelTraffic.Tally tally : tallies) {
			assertThat(tally.errors).isEmpty();
		}
		assertThat(childLines).noneMatch((line) -> line.startsWith("error"));
		for (int p = 0; p < producers; p++) {
			long count = 0;
			long sum = 0;
			long squares = 0;
			for (ChannelTraffic.Tally tally : tallies) {
				count += tally.count[p];
				sum += tally.sum[p];
				squares += tally.sumOfSquares[p];
			}
			for (String line : childLines) {
				String[] fields = line.split(" ");
				if (fields[0].equals("tally") && Integer.parseInt(fields[1]) == p) {
					count += Long.parseLong(fields[2]);
					sum += Long.parseLong(fields[3]);
					squares += Long.parseLong(fields[4]);
				}
			}
			assertThat(count).as("messages of producer %d", p).isEqualTo(n);
			assertThat(sum).as("sum of sequence numbers of producer %d", p).isEqualTo(n * (n - 1) / 2);
			assertThat(squares).as("sum of squares of producer %d", p).isEqualTo((n - 1) * n * (2 * n - 1) / 6);
		}
	}

	interface Action {

		void run() throws Exception;

	}

	interface Call<T> {

		T call() throws Exception;

	}

	private static void run(Action action) {
		call(() -> {
			action.run();
			return null;
		});
	}

	private static <T> T call(Call<T> call) {
		try {
			return call.call();
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
