package io.swoole4j.benchmarks.load;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;

/**
 * One selector thread of the {@link LoadGenerator} and the connections it drives. Its
 * counters are plain fields, read by the main thread after {@link Thread#join()}.
 */
final class LoadWorker implements Runnable {

	static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** Frames start at one of this many offsets into the pattern, by sequence number. */
	private static final int PATTERN_PERIOD = 251;

	private final int id;

	private final LoadGenerator.Settings settings;

	private final LoadGenerator.Control control;

	private final Selector selector;

	private final MemorySegment pattern;

	private final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);

	private final List<Connection> connections = new ArrayList<>();

	private final Consumer<SelectionKey> onSelected = this::onSelected;

	private long messages;

	private long errors;

	LoadWorker(int id, LoadGenerator.Settings settings, LoadGenerator.Control control) throws IOException {
		this.id = id;
		this.settings = settings;
		this.control = control;
		this.selector = Selector.open();
		this.pattern = Arena.ofAuto().allocate(settings.size() + PATTERN_PERIOD);
		for (int i = 0; i < this.pattern.byteSize(); i++) {
			this.pattern.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 13));
		}
	}

	int id() {
		return this.id;
	}

	void connect(InetSocketAddress target) throws IOException {
		SocketChannel channel = SocketChannel.open(target);
		try {
			channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			channel.configureBlocking(false);
			Connection connection = new Connection(channel);
			connection.key = channel.register(this.selector, SelectionKey.OP_READ, connection);
			this.connections.add(connection);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	public void run() {
		long now = System.nanoTime();
		for (Connection connection : this.connections) {
			for (int i = 0; i < this.settings.depth(); i++) {
				connection.queueFrame(now);
			}
			connection.flush();
		}
		try {
			while (this.control.phase != LoadGenerator.Control.STOPPED) {
				this.selector.select(this.onSelected, 100);
			}
		}
		catch (IOException ex) {
			this.errors++;
		}
	}

	private void onSelected(SelectionKey key) {
		Connection connection = (Connection) key.attachment();
		if (key.isValid() && key.isReadable()) {
			connection.read();
		}
		if (key.isValid() && key.isWritable()) {
			connection.flush();
		}
	}

	void wakeup() {
		this.selector.wakeup();
	}

	Histogram latency() {
		return this.latency;
	}

	long messages() {
		return this.messages;
	}

	long errors() {
		return this.errors;
	}

	void close() {
		for (Connection connection : this.connections) {
			connection.close();
		}
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// Best-effort cleanup at the end of a run: nothing is left to report it to.
		}
	}

	private final class Connection {

		private final SocketChannel channel;

		private final ByteBuffer in;

		private final MemorySegment inSegment;

		private final ByteBuffer out;

		private final MemorySegment outSegment;

		private final long[] sendTimes;

		private SelectionKey key;

		private long nextSequence;

		private long expectedSequence;

		private boolean writeInterest;

		private boolean closed;

		Connection(SocketChannel channel) {
			int frame = LoadWorker.this.settings.size() + 4;
			int depth = LoadWorker.this.settings.depth();
			this.channel = channel;
			this.in = ByteBuffer.allocateDirect(Math.max(2 * frame, 16 * 1024));
			this.inSegment = MemorySegment.ofBuffer(this.in);
			this.out = ByteBuffer.allocateDirect(depth * frame);
			this.outSegment = MemorySegment.ofBuffer(this.out);
			this.sendTimes = new long[depth];
		}

		void queueFrame(long now) {
			int size = LoadWorker.this.settings.size();
			int at = this.out.position();
			this.out.putInt(at, size);
			long patternOffset = this.nextSequence % PATTERN_PERIOD;
			MemorySegment.copy(LoadWorker.this.pattern, patternOffset, this.outSegment, at + 4, size);
			this.out.position(at + 4 + size);
			this.sendTimes[(int) (this.nextSequence % this.sendTimes.length)] = now;
			this.nextSequence++;
		}

		void read() {
			int n;
			try {
				n = this.channel.read(this.in);
			}
			catch (IOException ex) {
				fail();
				return;
			}
			if (n < 0) {
				fail();
				return;
			}
			if (n == 0) {
				return;
			}
			long now = System.nanoTime();
			int phase = LoadWorker.this.control.phase;
			int size = LoadWorker.this.settings.size();
			int position = 0;
			int limit = this.in.position();
			while (limit - position >= 4) {
				if (this.in.getInt(position) != size) {
					// The stream is out of step; nothing after this can be trusted.
					fail();
					return;
				}
				if (limit - position < 4 + size) {
					break;
				}
				long patternOffset = this.expectedSequence % PATTERN_PERIOD;
				if (MemorySegment.mismatch(this.inSegment, position + 4, position + 4 + size, LoadWorker.this.pattern,
						patternOffset, patternOffset + size) != -1) {
					LoadWorker.this.errors++;
				}
				if (phase == LoadGenerator.Control.MEASURING) {
					long sent = this.sendTimes[(int) (this.expectedSequence % this.sendTimes.length)];
					LoadWorker.this.latency.recordValue(Math.min(now - sent, MAX_LATENCY_NANOS));
					LoadWorker.this.messages++;
				}
				this.expectedSequence++;
				position += 4 + size;
				if (phase != LoadGenerator.Control.STOPPED) {
					queueFrame(now);
				}
			}
			this.in.flip().position(position);
			this.in.compact();
			flush();
		}

		void flush() {
			if (this.closed || this.out.position() == 0) {
				return;
			}
			try {
				this.out.flip();
				this.channel.write(this.out);
				this.out.compact();
			}
			catch (IOException ex) {
				fail();
				return;
			}
			boolean pending = this.out.position() > 0;
			if (pending != this.writeInterest) {
				this.writeInterest = pending;
				this.key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
			}
		}

		private void fail() {
			if (!this.closed) {
				LoadWorker.this.errors++;
				close();
			}
		}

		void close() {
			this.closed = true;
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// Best-effort cleanup; a close failure cannot change the run's result.
			}
		}

	}

}
