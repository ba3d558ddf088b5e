package io.swoole4j.spring.boot.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.swoole4j.server.Server;
import io.swoole4j.server.WorkerMetric;
import io.swoole4j.server.WorkerStatus;

/**
 * The {@code swoole} health indicator: {@code UP} while the server runs with every thread
 * alive, {@code OUT_OF_SERVICE} while it drains for shutdown, {@code DOWN} when it is not
 * running or one of its threads died (a worker whose status is {@code EXIT}, or any
 * thread the server started that is no longer alive: a worker killed by an {@link Error}
 * never reaches {@code EXIT}).
 */
public class SwooleHealthIndicator extends AbstractHealthIndicator {

	private final Server server;

	private final BooleanSupplier draining;

	private final Supplier<List<String>> deadThreads;

	/**
	 * Creates the indicator.
	 * @param server the server to watch
	 * @param draining tells whether a graceful shutdown has begun
	 * @param deadThreads names the server's threads that died
	 */
	public SwooleHealthIndicator(Server server, BooleanSupplier draining, Supplier<List<String>> deadThreads) {
		super("swoole4j health check failed");
		this.server = server;
		this.draining = draining;
		this.deadThreads = deadThreads;
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
		List<Integer> exitedWorkers = new ArrayList<>();
		for (WorkerMetric worker : this.server.metric().workers()) {
			if (worker.status() == WorkerStatus.EXIT) {
				exitedWorkers.add(worker.workerId());
			}
		}
		List<String> deadThreads = this.deadThreads.get();
		builder.withDetail("connections", this.server.metric().connectionNum())
			.withDetail("workers", this.server.metric().workers().size())
			.withDetail("reactors", this.server.metric().reactors().size());
		if (exitedWorkers.isEmpty() && deadThreads.isEmpty()) {
			builder.up();
		}
		else {
			builder.down().withDetail("exitedWorkers", exitedWorkers).withDetail("deadThreads", deadThreads);
		}
	}

}
