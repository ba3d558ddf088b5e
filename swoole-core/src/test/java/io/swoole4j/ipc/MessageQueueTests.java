package io.swoole4j.ipc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.swoole4j.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@Timeout(60)
class MessageQueueTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	@Test
	void readersInOtherJvmsGetOnlyTheTypeTheyAskFor() throws Exception {
		Path file = Files.createFile(this.directory.resolve("queue.key"));
		MessageQueue queue = MessageQueue.create(file, 1);
		try (ChildJvm ones = ChildJvm.start(MessageQueueChildMain.class, String.valueOf(queue.key()), "1", "3");
				ChildJvm twos = ChildJvm.start(MessageQueueChildMain.class, String.valueOf(queue.key()), "2", "3")) {
			ones.expectLine("ready", WAIT);
			twos.expectLine("ready", WAIT);
			for (int i = 1; i <= 3; i++) {
				queue.push(2, bytes("b" + i));
				queue.push(1, bytes("a" + i));
			}
			assertThat(ones.readLine(WAIT)).isEqualTo("got a1,a2,a3");
			assertThat(twos.readLine(WAIT)).isEqualTo("got b1,b2,b3");
			assertThat(ones.waitFor(WAIT)).isZero();
			assertThat(twos.waitFor(WAIT)).isZero();
			assertThat(queue.tryPop(99)).isEqualTo(bytes("bye"));
			assertThat(queue.tryPop(99)).isEqualTo(bytes("bye"));
			assertThat(queue.stats().messages()).isZero();
		}
		finally {
			queue.destroy();
		}
	}

	@Test
	void popOfTypeZeroTakesTheOldestAndNegativeTypeTakesTheLowest() {
		try (MessageQueue queue = MessageQueue.createPrivate()) {
			queue.push(5, bytes("five"));
			queue.push(3, bytes("three"));
			queue.push(4, bytes("four"));
			assertThat(queue.tryPop(-4)).isEqualTo(bytes("three"));
			assertThat(queue.tryPop(0)).isEqualTo(bytes("five"));
			assertThat(queue.tryPop(4)).isEqualTo(bytes("four"));
		}
	}

	@Test
	void nonBlockingPopOnAnEmptyQueueReturnsNothingAtOnce() {
		try (MessageQueue queue = MessageQueue.createPrivate()) {
			long start = System.nanoTime();
			assertThat(queue.tryPop(0)).isNull();
			queue.push(1, bytes("x"));
			assertThat(queue.tryPop(2)).isNull();
			assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
		}
	}

	@Test
	void messageAboveMsgmaxIsRefusedNamingTheLimit() {
		int msgmax = MessageQueue.maxMessageLength();
		try (MessageQueue queue = MessageQueue.createPrivate()) {
			assertThatIllegalArgumentException().isThrownBy(() -> queue.push(1, new byte[msgmax + 1]))
				.withMessageContaining(String.valueOf(msgmax + 1))
				.withMessageContaining("msgmax " + msgmax);
			byte[] largest = StreamPipeTests.randomBytes(msgmax, 7);
			queue.push(1, largest);
			assertThat(queue.pop(1)).isEqualTo(largest);
			queue.push(1, new byte[0]);
			assertThat(queue.pop(1)).isEmpty();
		}
	}

	@Test
	void statsCountMessagesAndBytesQueued() {
		try (MessageQueue queue = MessageQueue.createPrivate()) {
			queue.push(1, new byte[100]);
			queue.push(2, new byte[23]);
			MessageQueueStats stats = queue.stats();
			assertThat(stats.messages()).isEqualTo(2);
			assertThat(stats.bytes()).isEqualTo(123);
			assertThat(stats.capacity()).isPositive();
			assertThat(queue.metric().queuedMessages()).isEqualTo(2);
			assertThat(queue.metric().pushed()).isEqualTo(2);
		}
	}

	@Test
	void nonBlockingPushOnAFullQueueReturnsFalse() {
		try (MessageQueue queue = MessageQueue.createPrivate()) {
			byte[] message = new byte[MessageQueue.maxMessageLength()];
			long capacity = queue.stats().capacity();
			int pushed = 0;
			while (queue.tryPush(1, message)) {
				pushed++;
			}
			assertThat((long) pushed * message.length).isLessThanOrEqualTo(capacity);
			assertThat(queue.metric().pushesRefused()).isEqualTo(1);
		}
	}

	@Test
	void blockingPopWakesWhenAMatchingMessageArrives() throws Exception {
		try (MessageQueue queue = MessageQueue.createPrivate()) {
			CompletableFuture<byte[]> popped = CompletableFuture.supplyAsync(() -> queue.pop(7));
			Thread.sleep(100);
			queue.push(6, bytes("other"));
			queue.push(7, bytes("mine"));
			assertThat(popped.get(30, TimeUnit.SECONDS)).isEqualTo(bytes("mine"));
		}
	}

	@Test
	void afterDestroyTheQueueNoLongerExists() throws Exception {
		MessageQueue queue = MessageQueue.createPrivate();
		int id = queue.id();
		assertThat(ipcsQueueIds()).contains(" " + id + " ");
		queue.destroy();
		assertThat(queue.exists()).isFalse();
		assertThat(ipcsQueueIds()).doesNotContain(" " + id + " ");
		assertThatIllegalStateException().isThrownBy(queue::stats);
		assertThatIllegalStateException().isThrownBy(() -> queue.tryPop(0)).withMessageContaining("removed");
		assertThat(queue.metric().queuedMessages()).isEqualTo(-1);
		queue.destroy();
	}

	@Test
	void destroyEndsABlockedPop() throws Exception {
		MessageQueue queue = MessageQueue.createPrivate();
		CompletableFuture<byte[]> popped = CompletableFuture.supplyAsync(() -> queue.pop(1));
		Thread.sleep(100);
		queue.destroy();
		assertThat(popped).failsWithin(30, TimeUnit.SECONDS)
			.withThrowableThat()
			.withCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void attachReachesAPrivateQueueById() {
		try (MessageQueue queue = MessageQueue.createPrivate()) {
			MessageQueue other = MessageQueue.attach(queue.id());
			other.push(1, bytes("hi"));
			assertThat(queue.pop(1)).isEqualTo(bytes("hi"));
		}
	}

	private static String ipcsQueueIds() throws Exception {
		Process ipcs = new ProcessBuilder("ipcs", "-q").redirectErrorStream(true).start();
		String out = new String(ipcs.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		ipcs.waitFor(10, TimeUnit.SECONDS);
		// one column per word: surround ids by spaces so "12" does not match "123"
		return out.replaceAll("\\s+", "  ");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
