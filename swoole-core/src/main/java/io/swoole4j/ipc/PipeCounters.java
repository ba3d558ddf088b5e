package io.swoole4j.ipc;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind every {@link PipeMetric}.
 */
final class PipeCounters implements PipeMetric {

	private final String kind;

	private final LongAdder writes = new LongAdder();

	private final LongAdder reads = new LongAdder();

	private final LongAdder bytesWritten = new LongAdder();

	private final LongAdder bytesRead = new LongAdder();

	PipeCounters(String kind) {
		this.kind = kind;
	}

	void wrote(long bytes) {
		this.writes.increment();
		this.bytesWritten.add(bytes);
	}

	void read(long bytes) {
		this.reads.increment();
		this.bytesRead.add(bytes);
	}

	@Override
	public String kind() {
		return this.kind;
	}

	@Override
	public long writes() {
		return this.writes.sum();
	}

	@Override
	public long reads() {
		return this.reads.sum();
	}

	@Override
	public long bytesWritten() {
		return this.bytesWritten.sum();
	}

	@Override
	public long bytesRead() {
		return this.bytesRead.sum();
	}

	@Override
	public String toString() {
		return this.kind + " pipe: writes=" + writes() + " reads=" + reads() + " bytesWritten=" + bytesWritten()
				+ " bytesRead=" + bytesRead();
	}

}
