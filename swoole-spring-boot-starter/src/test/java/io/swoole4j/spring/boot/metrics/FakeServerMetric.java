package io.swoole4j.spring.boot.metrics;

import java.util.ArrayList;
import java.util.List;

import io.swoole4j.server.ReactorThreadMetric;
import io.swoole4j.server.ServerMetric;
import io.swoole4j.server.WorkerMetric;
import io.swoole4j.server.WorkerStatus;

/**
 * A settable {@link ServerMetric} with settable workers, for binder tests.
 */
class FakeServerMetric implements ServerMetric {

	final List<FakeWorker> workers = new ArrayList<>();

	volatile int connections;

	volatile long accepted;

	volatile long closed;

	volatile long aborted;

	volatile long received;

	volatile long sent;

	FakeServerMetric(int workerCount) {
		for (int i = 0; i < workerCount; i++) {
			this.workers.add(new FakeWorker(i));
		}
	}

	@Override
	public int connectionNum() {
		return this.connections;
	}

	@Override
	public long acceptCount() {
		return this.accepted;
	}

	@Override
	public long closeCount() {
		return this.closed;
	}

	@Override
	public long abortCount() {
		return this.aborted;
	}

	@Override
	public long requestCount() {
		return this.workers.stream().mapToLong(WorkerMetric::requestCount).sum();
	}

	@Override
	public long dispatchCount() {
		return this.workers.stream().mapToLong(WorkerMetric::dispatchCount).sum();
	}

	@Override
	public long responseCount() {
		return 0;
	}

	@Override
	public long totalRecvBytes() {
		return this.received;
	}

	@Override
	public long totalSendBytes() {
		return this.sent;
	}

	@Override
	public List<ReactorThreadMetric> reactors() {
		return List.of();
	}

	@Override
	public List<WorkerMetric> workers() {
		return List.copyOf(this.workers);
	}

	static final class FakeWorker implements WorkerMetric {

		private final int id;

		volatile WorkerStatus status = WorkerStatus.IDLE;

		volatile long requests;

		volatile long errors;

		volatile int queued;

		volatile long restarts;

		FakeWorker(int id) {
			this.id = id;
		}

		@Override
		public int workerId() {
			return this.id;
		}

		@Override
		public WorkerStatus status() {
			return this.status;
		}

		@Override
		public long requestCount() {
			return this.requests;
		}

		@Override
		public long dispatchCount() {
			return this.requests;
		}

		@Override
		public int connectionCount() {
			return 0;
		}

		@Override
		public long callbackErrors() {
			return this.errors;
		}

		@Override
		public int queuedEvents() {
			return this.queued;
		}

		@Override
		public long restarts() {
			return this.restarts;
		}

	}

}
