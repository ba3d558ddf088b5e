package io.swoole4j.benchmarks.ipc;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

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
 * One producer thread and one consumer thread moving {@code size}-byte messages through a
 * {@link Channel} (copied into shared memory and out again) and, as the peer, through an
 * {@link ArrayBlockingQueue} of {@code byte[]} (references only). Both sides use the
 * non-blocking operations and yield while full or empty (the machine is shared: a pure
 * spin would burn the other side's time slice); the score of a group is the pushes plus
 * the pops per second, so compare groups as ratios.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Group)
public class ChannelThroughputBenchmark {

	@Param({ "64" })
	int size;

	private Channel channel;

	private ArrayBlockingQueue<byte[]> queue;

	private byte[] message;

	@Setup(Level.Trial)
	public void setUp() {
		this.channel = Channel.createAnonymous(64 * 1024, 1024);
		// about as many messages as the channel's ring holds
		this.queue = new ArrayBlockingQueue<>(64 * 1024 / (this.size + 4));
		this.message = new byte[this.size];
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.channel.close();
	}

	@State(Scope.Thread)
	public static class Buffer {

		final byte[] bytes = new byte[1024];

	}

	private static void backOff() {
		for (int i = 0; i < 64; i++) {
			Thread.onSpinWait();
		}
		Thread.yield();
	}

	@Benchmark
	@Group("channel")
	@GroupThreads(1)
	public boolean channelPush(Control control) {
		while (!this.channel.push(this.message)) {
			if (control.stopMeasurement) {
				return false;
			}
			backOff();
		}
		return true;
	}

	@Benchmark
	@Group("channel")
	@GroupThreads(1)
	public int channelPop(Control control, Buffer buffer) {
		int length;
		while ((length = this.channel.pop(buffer.bytes)) == Channel.EMPTY) {
			if (control.stopMeasurement) {
				return -1;
			}
			backOff();
		}
		return length;
	}

	@Benchmark
	@Group("channelAllocating")
	@GroupThreads(1)
	public boolean channelAllocatingPush(Control control) {
		return channelPush(control);
	}

	@Benchmark
	@Group("channelAllocating")
	@GroupThreads(1)
	public byte[] channelAllocatingPop(Control control) {
		byte[] message;
		while ((message = this.channel.pop()) == null) {
			if (control.stopMeasurement) {
				return null;
			}
			backOff();
		}
		return message;
	}

	@Benchmark
	@Group("arrayBlockingQueue")
	@GroupThreads(1)
	public boolean queueOffer(Control control) {
		while (!this.queue.offer(this.message)) {
			if (control.stopMeasurement) {
				return false;
			}
			backOff();
		}
		return true;
	}

	@Benchmark
	@Group("arrayBlockingQueue")
	@GroupThreads(1)
	public byte[] queuePoll(Control control) {
		byte[] message;
		while ((message = this.queue.poll()) == null) {
			if (control.stopMeasurement) {
				return null;
			}
			backOff();
		}
		return message;
	}

}
