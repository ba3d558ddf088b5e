package io.swoole4j.spring.boot.actuate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.swoole4j.server.ReactorThreadMetric;
import io.swoole4j.server.Server;
import io.swoole4j.server.WorkerMetric;
import io.swoole4j.server.WorkerStatus;

/**
 * The {@code swoole} health indicator: {@code UP} while the server runs with every
 * reactor and worker thread alive, {@code OUT_OF_SERVICE} while it drains for shutdown,
 * {@code DOWN} when it is not running or a reactor or worker thread died.
 * <p>
 * A worker is dead when its status is {@code EXIT} while the server runs. The core has no
 * liveness accessor for reactor threads, so a reactor is taken for dead when no live
 * thread carries its loop's name (reactor threads are named after their loop).
 */
public class SwooleHealthIndicator extends AbstractHealthIndicator {

	private final Server server;

	private final BooleanSupplier draining;

	/**
	 * Creates the indicator.
	 * @param server the server to watch
	 * @param draining tells whether a graceful shutdown has begun
	 */
	public SwooleHealthIndicator(Server server, BooleanSupplier draining) {
		super("swoole4j health check failed");
		this.server = server;
		this.draining = draining;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("port", this.server.port());
		if (this.draining.getAsBoolean()) {
			builder.status(Status.OUT_OF_SERVICE).withDetail("reason", "draining for shutdown");
			return;
		}
		if (!this.server.isRunning()) {
			builder.down().withDetail("reason", "not running");
			return;
		}
		List<Integer> deadWorkers = new ArrayList<>();
		for (WorkerMetric worker : this.server.metric().workers()) {
			if (worker.status() == WorkerStatus.EXIT) {
				deadWorkers.add(worker.workerId());
			}
		}
		List<Integer> deadReactors = new ArrayList<>();
		Set<String> live = liveThreadNames();
		for (ReactorThreadMetric reactor : this.server.metric().reactors()) {
			if (!live.contains(reactor.loop().name())) {
				deadReactors.add(reactor.reactorId());
			}
		}
		builder.withDetail("connections", this.server.metric().connectionNum())
			.withDetail("workers", this.server.metric().workers().size())
			.withDetail("reactors", this.server.metric().reactors().size());
		if (deadWorkers.isEmpty() && deadReactors.isEmpty()) {
			builder.up();
		}
		else {
			builder.down().withDetail("deadWorkers", deadWorkers).withDetail("deadReactors", deadReactors);
		}
	}

	private static Set<String> liveThreadNames() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads;
		int count;
		// the group can grow between activeCount() and enumerate(): retry until it fits
		do {
			threads = new Thread[root.activeCount() * 2 + 16];
			count = root.enumerate(threads, true);
		}
		while (count == threads.length);
		Set<String> names = new HashSet<>();
		for (int i = 0; i < count; i++) {
			if (threads[i].isAlive()) {
				names.add(threads[i].getName());
			}
		}
		return names;
	}

}
