package io.swoole4j.spring.boot.metrics;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.memory.FixedPool;
import io.swoole4j.memory.MemoryPool;
import io.swoole4j.reactor.Reactor;
import io.swoole4j.server.WorkerStatus;
import io.swoole4j.table.ColumnType;
import io.swoole4j.table.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the per-subsystem binders and {@link SwooleMeters}.
 */
class SwooleMetricsBindersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@AfterEach
	void closeRegistry() {
		this.registry.close();
	}

	@Test
	@Timeout(30)
	void reactorMetersFollowTheLoop() throws InterruptedException {
		Reactor reactor = new Reactor("metrics-test-reactor");
		reactor.start();
		try {
			new SwooleReactorMetrics(Map.of("r0", reactor.metric()), Tags.empty()).bindTo(this.registry);
			CountDownLatch ran = new CountDownLatch(5);
			for (int i = 0; i < 5; i++) {
				reactor.execute(ran::countDown);
			}
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.registry.get("swoole.reactor.tasks.completed")
					.tag("reactor", "r0")
					.functionCounter()
					.count()).isGreaterThanOrEqualTo(5));
			assertThat(this.registry.get("swoole.reactor.loops").tag("reactor", "r0").functionCounter().count())
				.isPositive();
			assertThat(this.registry.get("swoole.reactor.tasks.pending").tag("reactor", "r0").gauge().value())
				.isGreaterThanOrEqualTo(0);
		}
		finally {
			reactor.stop();
			reactor.awaitTermination(Duration.ofSeconds(10));
		}
	}

	@Test
	@Timeout(30)
	void timerMetersFollowTheReactorsTimer() throws Exception {
		Reactor reactor = new Reactor("metrics-test-timers");
		reactor.start();
		try {
			new SwooleReactorMetrics(Map.of("r0", reactor.metric()), Tags.empty()).bindTo(this.registry);
			CountDownLatch fired = new CountDownLatch(3);
			long tick = reactor.tickAsync(5, (id) -> fired.countDown()).get(10, TimeUnit.SECONDS);
			reactor.afterAsync(60_000, (id) -> {
			}).get(10, TimeUnit.SECONDS);
			assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(this.registry.get("swoole.timer.fired").tag("reactor", "r0").functionCounter().count())
					.isGreaterThanOrEqualTo(3);
				assertThat(this.registry.get("swoole.timer.active").tag("reactor", "r0").gauge().value()).isEqualTo(2);
			});
			assertThat(reactor.clearTimerAsync(tick).get(10, TimeUnit.SECONDS)).isTrue();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(this.registry.get("swoole.timer.active").tag("reactor", "r0").gauge().value())
							.isEqualTo(1));
			assertThat(this.registry.get("swoole.timer.errors").tag("reactor", "r0").functionCounter().count())
				.isZero();
		}
		finally {
			reactor.stop();
			reactor.awaitTermination(Duration.ofSeconds(10));
		}
	}

	@Test
	void memoryPoolMetersFollowAllocations() {
		try (MemoryPool pool = FixedPool.anonymous(64, 4)) {
			new SwooleMemoryPoolMetrics(Map.of("slices", pool.metric()), Tags.empty()).bindTo(this.registry);
			double usedBefore = this.registry.get("swoole.memory.pool.used").tag("pool", "slices").gauge().value();
			for (int i = 0; i < 4; i++) {
				assertThat(pool.allocate(64)).isNotEqualTo(MemoryPool.NO_ROOM);
			}
			assertThat(pool.allocate(64)).isEqualTo(MemoryPool.NO_ROOM);
			assertThat(this.registry.get("swoole.memory.pool.used").tag("pool", "slices").gauge().value())
				.isGreaterThan(usedBefore);
			assertThat(
					this.registry.get("swoole.memory.pool.allocations").tag("pool", "slices").functionCounter().count())
				.isEqualTo(4);
			assertThat(this.registry.get("swoole.memory.pool.allocations.failed")
				.tag("pool", "slices")
				.functionCounter()
				.count()).isEqualTo(1);
			assertThat(this.registry.get("swoole.memory.pool.capacity").tag("pool", "slices").gauge().value())
				.isPositive();
		}
	}

	@Test
	void tableMetersFollowRowsAndAreRemovedOnClose() {
		try (Table table = Table.builder().size(64).column("v", ColumnType.INT).create()) {
			SwooleTableMetrics metrics = new SwooleTableMetrics(Map.of("t", table), Tags.empty());
			metrics.bindTo(this.registry);
			assertThat(this.registry.get("swoole.table.rows").tag("table", "t").gauge().value()).isZero();
			for (int i = 0; i < 10; i++) {
				table.setLong("k" + i, table.column("v"), i);
			}
			assertThat(this.registry.get("swoole.table.rows").tag("table", "t").gauge().value()).isEqualTo(10);
			assertThat(this.registry.get("swoole.table.capacity").tag("table", "t").gauge().value()).isEqualTo(64);
			assertThat(this.registry.get("swoole.table.memory").tag("table", "t").gauge().value())
				.isEqualTo(table.memoryBytes());
			metrics.close();
			assertThat(this.registry.find("swoole.table.rows").meters()).isEmpty();
		}
	}

	@Test
	void workerAndConnectionMetersSumTheServer() {
		FakeServerMetric server = new FakeServerMetric(3);
		new SwooleWorkerMetrics(server, Tags.empty()).bindTo(this.registry);
		new SwooleConnectionMetrics(server, Tags.empty()).bindTo(this.registry);
		server.workers.get(0).status = WorkerStatus.BUSY;
		server.workers.get(1).requests = 7;
		server.workers.get(2).requests = 5;
		server.workers.get(2).queued = 4;
		server.workers.get(0).restarts = 2;
		server.workers.get(1).restarts = 1;
		server.connections = 2;
		server.received = 1024;
		assertThat(this.registry.get("swoole.worker.busy").gauge().value()).isEqualTo(1);
		assertThat(this.registry.get("swoole.worker.idle").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("swoole.worker.requests").functionCounter().count()).isEqualTo(12);
		assertThat(this.registry.get("swoole.worker.queued").gauge().value()).isEqualTo(4);
		assertThat(this.registry.get("swoole.worker.restarts").functionCounter().count()).isEqualTo(3);
		assertThat(this.registry.get("swoole.connections.active").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("swoole.connections.received").functionCounter().count()).isEqualTo(1024);
	}

	@Test
	void taskMetersFollowTheTaskCounters() {
		FakeTaskMetric tasks = new FakeTaskMetric();
		SwooleTaskMetrics metrics = new SwooleTaskMetrics(tasks, Tags.empty());
		metrics.bindTo(this.registry);
		tasks.queued = 3;
		tasks.running = 2;
		tasks.done = 10;
		tasks.failed = 1;
		tasks.refused = 4;
		assertThat(this.registry.get("swoole.task.queued").gauge().value()).isEqualTo(3);
		assertThat(this.registry.get("swoole.task.running").gauge().value()).isEqualTo(2);
		assertThat(this.registry.get("swoole.task.done").functionCounter().count()).isEqualTo(10);
		assertThat(this.registry.get("swoole.task.failed").functionCounter().count()).isEqualTo(1);
		assertThat(this.registry.get("swoole.task.refused").functionCounter().count()).isEqualTo(4);
		metrics.close();
		assertThat(this.registry.find("swoole.task.done").meters()).isEmpty();
	}

	@Test
	void everyRegisteredMeterIsDocumentedInSwooleMeters() {
		Tag extra = Tag.of("application", "test");
		Reactor reactor = new Reactor("documented-reactor");
		try (MemoryPool pool = FixedPool.anonymous(64, 4);
				Table table = Table.builder().size(64).column("v", ColumnType.INT).create()) {
			FakeServerMetric server = new FakeServerMetric(1);
			new SwooleReactorMetrics(Map.of("0", reactor.metric()), Tags.of(extra)).bindTo(this.registry);
			new SwooleMemoryPoolMetrics(Map.of("p", pool.metric()), Tags.of(extra)).bindTo(this.registry);
			new SwooleTableMetrics(Map.of("t", table), Tags.of(extra)).bindTo(this.registry);
			new SwooleWorkerMetrics(server, Tags.of(extra)).bindTo(this.registry);
			new SwooleConnectionMetrics(server, Tags.of(extra)).bindTo(this.registry);
			new SwooleTaskMetrics(new FakeTaskMetric(), Tags.of(extra)).bindTo(this.registry);
			Set<SwooleMeters> seen = EnumSet.noneOf(SwooleMeters.class);
			for (Meter meter : this.registry.getMeters()) {
				SwooleMeters documented = documented(meter.getId().getName());
				seen.add(documented);
				assertThat(meter.getId().getType()).as(documented.name()).isEqualTo(documented.getType());
				assertThat(meter.getId().getBaseUnit()).as(documented.name()).isEqualTo(documented.getBaseUnit());
				assertThat(meter.getId().getDescription()).isEqualTo(documented.getDescription());
				assertThat(meter.getId().getTags()).extracting(Tag::getKey)
					.containsExactlyInAnyOrderElementsOf(java.util.stream.Stream
						.concat(documented.getTagKeys().stream(), java.util.stream.Stream.of("application"))
						.toList());
			}
			assertThat(seen).containsExactlyInAnyOrder(SwooleMeters.values());
		}
	}

	private static SwooleMeters documented(String name) {
		for (SwooleMeters meter : SwooleMeters.values()) {
			if (meter.getName().equals(name)) {
				return meter;
			}
		}
		throw new AssertionError(name + " is not documented in SwooleMeters");
	}

}
