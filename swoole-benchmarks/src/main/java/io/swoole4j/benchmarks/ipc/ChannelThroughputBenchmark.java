package io.swoole4j.benchmarks.ipc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;

import io.swoole4j.ipc.Channel;

/**
 * One producer thread and one consumer thread (a JMH group) moving {@code size}-byte
 * messages through a {@link Channel} (copied into shared memory and out again) and, as
 * the peer, through an {@link ArrayBlockingQueue} of {@code byte[]} (references only).
 * Both hold the same number of messages: the channel's 64 KiB ring takes 963 messages of
 * 64 bytes (a slot is the length plus a 4-byte header), the queue is given that capacity.
 * The score of a group is the calls of both threads per microsecond, so compare groups as
 * ratios.
 * <ul>
 * <li>{@code channel} against {@code arrayBlockingQueue}, the headline: single
 * {@link Channel#push(byte[])} and {@link Channel#pop(byte[])} into a reusable buffer,
 * against {@code offer} and {@code poll} of one shared array.</li>
 * <li>{@code channelAllocating} against {@code arrayBlockingQueueCopying}, equal work:
 * {@link Channel#pop()} gives the consumer a new {@code byte[]} each time, and the
 * queue's producer offers a fresh copy of the message each time (as a producer that
 * reuses its buffer must), so each side moves 64 fresh bytes per message.</li>
 * <li>{@code channelBatch} against {@code arrayBlockingQueueBatch}: every call moves
 * {@value #BATCH} messages, through {@link Channel#pushAll} and {@link Channel#popAll}
 * (reusable buffers), against {@value #BATCH} offers (the queue has no batch insert) and
 * {@code drainTo}.</li>
 * <li>The {@code ...Waiting} groups use the timed, sleeping calls of both (a timed call
 * that gives up after its 10 ms is simply called again).</li>
 * </ul>
 * On full or empty both sides of every non-waiting group back off alike: 64
 * {@link Thread#onSpinWait()} then a {@link Thread#yield()}. A pure spin, tried, is no
 * fair measure on a shared 2-CPU machine: once other work takes a CPU, the spinning side
 * burns the time slice its peer needs, and both queues fall to some 0.1 million messages
 * a second.
 * <p>
 * Where the two threads run decides the ratio, so note it beside a result
 * ({@link CorePingPong} shows it: some 70 ns a round trip for cores that share a cache,
 * 300-400 ns across chiplets). The channel copies every message through lines the other
 * core must fetch; the queue passes a reference. Measured on the 2-vCPU EPYC machine
 * (2026-11-30): with the vCPUs on one cache, {@code channel} 58-67 ops/us against
 * {@code arrayBlockingQueue} 18-20 (3.3-3.5x), {@code channelAllocating} 57-69 against
 * {@code arrayBlockingQueueCopying} 18-21; across chiplets (the hypervisor's choice,
 * which moved every few seconds to minutes) the line transfers bound both,
 * {@code channel} 19 against 21 in JMH, 10.5 against 11 million messages a second in a
 * plain two-thread loop. When both threads share one CPU (other load on the machine), the
 * queue's cheaper call wins outright (some 60 against 22 million a second).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Group)
public class ChannelThroughputBenchmark {

	static final int BATCH = 16;

	private static final int RING = 64 * 1024;

	private static final Duration SLICE = Duration.ofMillis(10);

	@Param({ "64" })
	int size;

	private Channel channel;

	private ArrayBlockingQueue<byte[]> queue;

	private byte[] message;

	private byte[][] messages;

	@Setup(Level.Trial)
	public void setUp() {
		this.channel = Channel.createAnonymous(RING, 1024);
		this.queue = new ArrayBlockingQueue<>(RING / (this.size + 4));
		this.message = new byte[this.size];
		this.messages = new byte[BATCH][];
		Arrays.fill(this.messages, this.message);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.channel.close();
	}

	@State(Scope.Thread)
	public static class Buffers {

		final byte[] bytes = new byte[1024];

		/**
		 * {@code targets[k]}: k reusable buffers, for a batch still missing k messages.
		 */
		final byte[][][] targets = new byte[BATCH + 1][][];

		final int[] lengths = new int[BATCH];

		final List<byte[]> drained = new ArrayList<>(BATCH);

		public Buffers() {
			byte[][] all = new byte[BATCH][1024];
			for (int k = 0; k <= BATCH; k++) {
				this.targets[k] = Arrays.copyOf(all, k);
			}
		}

	}

	private static void backOff() {
		for (int i = 0; i < 64; i++) {
			Thread.onSpinWait();
		}
		Thread.yield();
	}

	/** One try of a queue operation: true once it succeeded. */
	interface Attempt {

		boolean run() throws InterruptedException;

	}

	/**
	 * Tries until the operation succeeds, backing off between tries.
	 * @return false if the measurement stopped first
	 */
	private static boolean retry(Control control, Attempt attempt) throws InterruptedException {
		while (!attempt.run()) {
			if (control.stopMeasurement) {
				return false;
			}
			backOff();
		}
		return true;
	}

	/**
	 * Moves {@link #BATCH} messages by repeated calls of {@code move} (given how many are
	 * done, returns how many more it moved), backing off while it moves none.
	 * @return the messages moved, fewer if the measurement stopped first
	 */
	private static int batch(Control control, IntUnaryOperator move) {
		int done = 0;
		while (done < BATCH) {
			int moved = move.applyAsInt(done);
			if (moved == 0) {
				if (control.stopMeasurement) {
					break;
				}
				backOff();
			}
			done += moved;
		}
		return done;
	}

	@Benchmark
	@Group("channel")
	@GroupThreads(1)
	public boolean channelPush(Control control) throws InterruptedException {
		return retry(control, () -> this.channel.push(this.message));
	}

	@Benchmark
	@Group("channel")
	@GroupThreads(1)
	public boolean channelPop(Control control, Buffers buffers) throws InterruptedException {
		return retry(control, () -> this.channel.pop(buffers.bytes) != Channel.EMPTY);
	}

	@Benchmark
	@Group("arrayBlockingQueue")
	@GroupThreads(1)
	public boolean queueOffer(Control control) throws InterruptedException {
		return retry(control, () -> this.queue.offer(this.message));
	}

	@Benchmark
	@Group("arrayBlockingQueue")
	@GroupThreads(1)
	public boolean queuePoll(Control control) throws InterruptedException {
		return retry(control, () -> this.queue.poll() != null);
	}

	@Benchmark
	@Group("channelAllocating")
	@GroupThreads(1)
	public boolean channelAllocatingPush(Control control) throws InterruptedException {
		return channelPush(control);
	}

	@Benchmark
	@Group("channelAllocating")
	@GroupThreads(1)
	public boolean channelAllocatingPop(Control control) throws InterruptedException {
		return retry(control, () -> this.channel.pop() != null);
	}

	@Benchmark
	@Group("arrayBlockingQueueCopying")
	@GroupThreads(1)
	public boolean queueOfferCopy(Control control) throws InterruptedException {
		byte[] copy = this.message.clone();
		return retry(control, () -> this.queue.offer(copy));
	}

	@Benchmark
	@Group("arrayBlockingQueueCopying")
	@GroupThreads(1)
	public boolean queueCopyPoll(Control control) throws InterruptedException {
		return queuePoll(control);
	}

	@Benchmark
	@Group("channelBatch")
	@GroupThreads(1)
	public int channelPushAll(Control control) {
		return batch(control, (done) -> this.channel.pushAll(this.messages, done, BATCH - done));
	}

	@Benchmark
	@Group("channelBatch")
	@GroupThreads(1)
	public int channelPopAll(Control control, Buffers buffers) {
		return batch(control, (done) -> this.channel.popAll(buffers.targets[BATCH - done], buffers.lengths));
	}

	@Benchmark
	@Group("arrayBlockingQueueBatch")
	@GroupThreads(1)
	public int queueOfferBatch(Control control) {
		return batch(control, (done) -> this.queue.offer(this.message) ? 1 : 0);
	}

	@Benchmark
	@Group("arrayBlockingQueueBatch")
	@GroupThreads(1)
	public int queueDrainTo(Control control, Buffers buffers) {
		return batch(control, (done) -> {
			int drained = this.queue.drainTo(buffers.drained, BATCH - done);
			buffers.drained.clear();
			return drained;
		});
	}

	@Benchmark
	@Group("channelWaiting")
	@GroupThreads(1)
	public boolean channelWaitingPush(Control control) throws InterruptedException {
		return retry(control, () -> this.channel.push(this.message, SLICE));
	}

	@Benchmark
	@Group("channelWaiting")
	@GroupThreads(1)
	public boolean channelWaitingPop(Control control) throws InterruptedException {
		return retry(control, () -> this.channel.pop(SLICE) != null);
	}

	@Benchmark
	@Group("arrayBlockingQueueWaiting")
	@GroupThreads(1)
	public boolean queueWaitingOffer(Control control) throws InterruptedException {
		return retry(control, () -> this.queue.offer(this.message, SLICE.toMillis(), TimeUnit.MILLISECONDS));
	}

	@Benchmark
	@Group("arrayBlockingQueueWaiting")
	@GroupThreads(1)
	public boolean queueWaitingPoll(Control control) throws InterruptedException {
		return retry(control, () -> this.queue.poll(SLICE.toMillis(), TimeUnit.MILLISECONDS) != null);
	}

}
