package io.swoole4j.ipc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.internal.Native;
import io.swoole4j.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@Timeout(60)
class EventPipeTests {

	@Test
	void counterReadReturnsTheSumOfWritesAndResetsIt() throws Exception {
		try (EventPipe pipe = EventPipe.create()) {
			pipe.write(3);
			pipe.write(4);
			assertThat(pipe.read()).isEqualTo(7);
			assertThat(pipe.tryRead()).isEqualTo(EventPipe.NOTHING);
			assertThat(pipe.metric().writes()).isEqualTo(2);
			assertThat(pipe.metric().reads()).isEqualTo(1);
		}
	}

	@Test
	void semaphoreReadReturnsOneAtATime() throws Exception {
		try (EventPipe pipe = EventPipe.createSemaphore()) {
			pipe.write(3);
			assertThat(pipe.read()).isEqualTo(1);
			assertThat(pipe.read()).isEqualTo(1);
			assertThat(pipe.read()).isEqualTo(1);
			assertThat(pipe.tryRead()).isEqualTo(EventPipe.NOTHING);
		}
	}

	@Test
	void everyNotificationWrittenByAnotherThreadIsCounted() throws Exception {
		try (EventPipe pipe = EventPipe.create()) {
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				for (int i = 1; i <= 1000; i++) {
					pipe.tryWrite(i);
				}
			});
			long sum = 0;
			while (sum < 500_500) {
				long value = pipe.read(Duration.ofSeconds(10));
				assertThat(value).isPositive();
				sum += value;
			}
			writer.join();
			assertThat(sum).isEqualTo(500_500);
		}
	}

	@Test
	void readWithTimeoutReturnsNothingAfterTheTimeout() throws Exception {
		try (EventPipe pipe = EventPipe.create()) {
			long start = System.nanoTime();
			assertThat(pipe.read(Duration.ofMillis(200))).isEqualTo(EventPipe.NOTHING);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
		}
	}

	@Test
	void tryWriteRefusesToOverflowTheCounter() {
		try (EventPipe pipe = EventPipe.create()) {
			assertThat(pipe.tryWrite(EventPipe.MAX_COUNTER)).isTrue();
			assertThat(pipe.tryWrite(1)).isFalse();
			assertThat(pipe.tryRead()).isEqualTo(EventPipe.MAX_COUNTER);
			assertThatIllegalArgumentException().isThrownBy(() -> pipe.tryWrite(0))
				.withMessage("value: 0 (expected: 1 to 2^64-2, unsigned)");
		}
	}

	@Test
	void childJvmAttachesTheParentsCounterAndBothDirectionsWork() throws Exception {
		try (EventPipe pipe = EventPipe.create();
				ChildJvm child = ChildJvm.start(PipeChildMain.class, "event", String.valueOf(Native.pid()),
						String.valueOf(pipe.fd()))) {
			child.expectLine("wrote", Duration.ofSeconds(30));
			long sum = 0;
			while (sum < 5050) {
				long value = pipe.read(Duration.ofSeconds(10));
				assertThat(value).isPositive();
				sum += value;
			}
			assertThat(sum).isEqualTo(5050);
			child.writeLine("go");
			pipe.write(7);
			assertThat(child.readLine(Duration.ofSeconds(30))).isEqualTo("read 7");
			assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
		}
	}

	@Test
	void closedPipeRefusesUse() {
		EventPipe pipe = EventPipe.create();
		pipe.close();
		pipe.close();
		assertThatIllegalStateException().isThrownBy(pipe::tryRead).withMessageContaining("closed");
	}

}
