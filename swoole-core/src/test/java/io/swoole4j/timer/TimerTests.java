package io.swoole4j.timer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TimerTests {

	private long nowNanos = 1_000_000_000L;

	private final Timer timer = new Timer(() -> this.nowNanos);

	private void advanceMs(long ms) {
		this.nowNanos += ms * 1_000_000;
	}

	@Test
	void tickIdsStartAtOneAndIncreaseAndCallbackReceivesItsId() {
		List<Long> seen = new ArrayList<>();
		long first = this.timer.tick(10, seen::add);
		long second = this.timer.after(10, seen::add);
		long third = this.timer.tick(10, seen::add);
		assertThat(new long[] { first, second, third }).containsExactly(1, 2, 3);
		advanceMs(10);
		assertThat(this.timer.processExpired()).isEqualTo(3);
		assertThat(seen).containsExactly(1L, 2L, 3L);
	}

	@Test
	void metricPublishesActiveFiredAndFailedCountsToOtherThreads() throws Exception {
		TimerMetric metric = this.timer.metric();
		assertThat(metric.active()).isZero();
		long tick = this.timer.tick(10, (id) -> {
		});
		this.timer.after(10, (id) -> {
			throw new IllegalStateException("boom");
		});
		long cleared = this.timer.after(50, (id) -> {
		});
		assertThat(this.timer.clear(cleared)).isTrue();
		advanceMs(10);
		this.timer.processExpired();
		long[] seen = new long[3];
		Thread reader = Thread.ofPlatform().start(() -> {
			seen[0] = metric.active();
			seen[1] = metric.fired();
			seen[2] = metric.callbackErrors();
		});
		reader.join();
		assertThat(seen).containsExactly(1, 2, 1);
		assertThat(this.timer.clear(tick)).isTrue();
		assertThat(metric.active()).isZero();
	}

	@Test
	void afterFiresOnceAndIsThenForgotten() {
		List<Long> seen = new ArrayList<>();
		long id = this.timer.after(5, seen::add);
		advanceMs(4);
		assertThat(this.timer.processExpired()).isZero();
		advanceMs(1);
		assertThat(this.timer.processExpired()).isEqualTo(1);
		advanceMs(100);
		assertThat(this.timer.processExpired()).isZero();
		assertThat(seen).containsExactly(id);
		assertThat(this.timer.exists(id)).isFalse();
		assertThat(this.timer.info(id)).isNull();
		assertThat(this.timer.clear(id)).isFalse();
		assertThat(this.timer.nextDelay()).isEqualTo(-1);
	}

	@Test
	void tickClearedInsideItsOwnCallbackStops() {
		List<TimerInfo> infos = new ArrayList<>();
		long id = this.timer.tick(10, (self) -> {
			assertThat(this.timer.clear(self)).isTrue();
			assertThat(this.timer.clear(self)).isFalse();
			assertThat(this.timer.exists(self)).isFalse();
			infos.add(this.timer.info(self));
		});
		advanceMs(10);
		assertThat(this.timer.processExpired()).isEqualTo(1);
		assertThat(infos).singleElement().satisfies((info) -> {
			assertThat(info.removed()).isTrue();
			assertThat(info.execCount()).isEqualTo(1);
		});
		for (int i = 0; i < 5; i++) {
			advanceMs(10);
			assertThat(this.timer.processExpired()).isZero();
		}
		assertThat(this.timer.exists(id)).isFalse();
		assertThat(this.timer.stats().num()).isZero();
	}

	@Test
	void timerAddedInsideCallbackNeverFiresInTheSamePass() {
		List<String> fired = new ArrayList<>();
		this.timer.after(1, (id) -> {
			fired.add("outer");
			this.timer.after(1, (inner) -> fired.add("inner-after"));
			this.timer.tick(1, (inner) -> fired.add("inner-tick"));
			// the callback itself takes "long": the new timers are overdue before the
			// pass ends
			advanceMs(50);
		});
		advanceMs(1);
		assertThat(this.timer.processExpired()).isEqualTo(1);
		assertThat(fired).containsExactly("outer");
		assertThat(this.timer.processExpired()).isEqualTo(2);
		assertThat(fired).containsExactly("outer", "inner-after", "inner-tick");
	}

	@Test
	void tickAfterStallOfSeveralPeriodsFiresOnceAndKeepsItsAlignedSchedule() {
		List<Long> firedAt = new ArrayList<>();
		long id = this.timer.tick(10, (self) -> firedAt.add(this.nowNanos));
		advanceMs(10);
		this.timer.processExpired();
		// stall: 4.5 periods pass without a pass
		advanceMs(45);
		assertThat(this.timer.processExpired()).isEqualTo(1);
		// aligned grid: due at 10, 20, … so after firing at 55 the next is 60, not 65
		assertThat(this.timer.nextDelay()).isEqualTo(5);
		assertThat(this.timer.info(id).remaining()).isEqualTo(5);
		advanceMs(4);
		assertThat(this.timer.processExpired()).isZero();
		advanceMs(1);
		assertThat(this.timer.processExpired()).isEqualTo(1);
		assertThat(this.timer.info(id).execCount()).isEqualTo(3);
		assertThat(firedAt).hasSize(3);
	}

	@Test
	void intervalOrDelayUnderOneMillisecondIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.timer.tick(0, (id) -> {
		})).withMessage("ms: 0 (expected: in [1, 4611686018427])");
		assertThatIllegalArgumentException().isThrownBy(() -> this.timer.after(-5, (id) -> {
		})).withMessage("ms: -5 (expected: in [1, 4611686018427])");
		assertThat(this.timer.stats().initialized()).isFalse();
		assertThat(this.timer.tick(1, (id) -> {
		})).isEqualTo(1);
	}

	@Test
	void existsInfoListAndStatsReflectState() {
		long tick = this.timer.tick(100, (id) -> {
		});
		long after = this.timer.after(30, (id) -> {
		});
		advanceMs(20);
		TimerInfo info = this.timer.info(tick);
		assertThat(info.isTick()).isTrue();
		assertThat(info.interval()).isEqualTo(100);
		assertThat(info.remaining()).isEqualTo(80);
		assertThat(info.execCount()).isZero();
		assertThat(info.removed()).isFalse();
		assertThat(this.timer.info(after).isTick()).isFalse();
		assertThat(this.timer.list()).containsExactly(tick, after);
		assertThat(this.timer.stats()).isEqualTo(new TimerStats(true, 2, 0, 0));
		assertThat(this.timer.clear(after)).isTrue();
		assertThat(this.timer.exists(after)).isFalse();
		assertThat(this.timer.exists(tick)).isTrue();
		assertThat(this.timer.exists(999)).isFalse();
		assertThat(this.timer.list()).containsExactly(tick);
		this.timer.processExpired();
		assertThat(this.timer.stats()).isEqualTo(new TimerStats(true, 1, 1, 0));
		assertThat(this.timer.clearAll()).isEqualTo(1);
		assertThat(this.timer.stats().num()).isZero();
		assertThat(this.timer.nextDelay()).isEqualTo(-1);
	}

	@Test
	void callbackThatThrowsIsCountedAndTheTickKeepsRunning() {
		long id = this.timer.tick(10, (self) -> {
			throw new IllegalStateException("boom (expected by the test)");
		});
		for (int i = 0; i < 3; i++) {
			advanceMs(10);
			assertThat(this.timer.processExpired()).isEqualTo(1);
		}
		assertThat(this.timer.stats().callbackErrors()).isEqualTo(3);
		assertThat(this.timer.info(id).execCount()).isEqualTo(3);
	}

	@Test
	void nextDelayRoundsUpToWholeMilliseconds() {
		this.timer.after(10, (id) -> {
		});
		this.nowNanos += 9_400_000;
		assertThat(this.timer.nextDelay()).isEqualTo(1);
		this.nowNanos += 600_000;
		assertThat(this.timer.nextDelay()).isZero();
	}

	@Test
	void processingFromInsideACallbackIsRefused() {
		List<Throwable> failures = new ArrayList<>();
		this.timer.after(1, (id) -> {
			try {
				this.timer.processExpired();
			}
			catch (IllegalStateException ex) {
				failures.add(ex);
			}
		});
		advanceMs(1);
		this.timer.processExpired();
		assertThat(failures).singleElement().satisfies((ex) -> assertThatIllegalStateException().isThrownBy(() -> {
			throw ex;
		}));
	}

	@Test
	void timersFireInDueOrderWithTiesBrokenByIdWhileOthersAreCleared() {
		Random random = new Random(42);
		List<long[]> expected = new ArrayList<>();
		List<Long> fired = new ArrayList<>();
		List<Long> cleared = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			long delay = 1 + random.nextInt(200);
			long id = this.timer.after(delay, fired::add);
			expected.add(new long[] { delay, id });
		}
		for (long[] entry : expected) {
			if (random.nextInt(4) == 0) {
				assertThat(this.timer.clear(entry[1])).isTrue();
				cleared.add(entry[1]);
			}
		}
		for (int ms = 0; ms <= 200; ms++) {
			this.timer.processExpired();
			advanceMs(1);
		}
		List<Long> expectedOrder = expected.stream()
			.filter((entry) -> !cleared.contains(entry[1]))
			.sorted((a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]))
			.map((entry) -> entry[1])
			.toList();
		assertThat(fired).containsExactlyElementsOf(expectedOrder);
		assertThat(this.timer.stats().num()).isZero();
	}

}
