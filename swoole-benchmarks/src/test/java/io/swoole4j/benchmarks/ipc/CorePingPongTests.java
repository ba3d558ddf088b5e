package io.swoole4j.benchmarks.ipc;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

class CorePingPongTests {

	@Test
	@Timeout(value = 60, unit = TimeUnit.SECONDS)
	void measureBouncesTheCounterEveryRoundTripAndGivesATimePerRoundTrip() throws InterruptedException {
		double nanos = CorePingPong.measure(1000);
		assertThat(nanos).isPositive().isFinite();
	}

}
