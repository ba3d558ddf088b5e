package io.swoole4j.ipc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The traffic of the channel tests, shared by the test JVM and its children: message
 * {@code seq} of producer {@code p} is {@code [p][seq (4 bytes)][filler]} with a length
 * and filler derived from both, so any corruption, loss, duplicate or reorder shows.
 */
final class ChannelTraffic {

	static final int MAX_LENGTH = 96;

	private ChannelTraffic() {
	}

	static byte[] message(int producer, int seq) {
		int length = 5 + (int) (mix(producer, seq) % (MAX_LENGTH - 4));
		byte[] bytes = new byte[length];
		bytes[0] = (byte) producer;
		bytes[1] = (byte) (seq >>> 24);
		bytes[2] = (byte) (seq >>> 16);
		bytes[3] = (byte) (seq >>> 8);
		bytes[4] = (byte) seq;
		for (int i = 5; i < length; i++) {
			bytes[i] = (byte) (seq * 31 + i * 7 + producer);
		}
		return bytes;
	}

	private static long mix(int producer, int seq) {
		return new SplittableRandom(((long) producer << 32) | seq).nextLong() >>> 1;
	}

	/** Pushes {@code count} messages, retrying while full. */
	static void produce(Channel channel, int producer, int count) throws InterruptedException {
		for (int seq = 0; seq < count; seq++) {
			if (!channel.push(message(producer, seq), Duration.ofSeconds(30))) {
				throw new AssertionError("producer " + producer + " stuck at " + seq);
			}
		}
	}

	/**
	 * Pushes {@code count} messages with {@link Channel#pushAll} in batches of up to
	 * {@code batch}, yielding while full.
	 */
	static void produceInBatches(Channel channel, int producer, int count, int batch) {
		byte[][] messages = new byte[batch][];
		for (int seq = 0; seq < count;) {
			int size = Math.min(batch, count - seq);
			for (int i = 0; i < size; i++) {
				messages[i] = message(producer, seq + i);
			}
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			for (int done = 0; done < size;) {
				int pushed = channel.pushAll(messages, done, size - done);
				if (pushed == 0) {
					if (System.nanoTime() > deadline) {
						throw new AssertionError("producer " + producer + " stuck at " + (seq + done));
					}
					Thread.yield();
				}
				done += pushed;
			}
			seq += size;
		}
	}

	/**
	 * Pops with {@link Channel#popAll} into reusable buffers until the channel's shared
	 * popped counter reaches {@code total}, checking as {@link #consume} does.
	 */
	static Tally consumeInBatches(Channel channel, int producers, long total, int batch) {
		Tally tally = new Tally(producers);
		byte[][] targets = new byte[batch][MAX_LENGTH];
		int[] lengths = new int[batch];
		while (channel.metric().popped() < total) {
			int popped = channel.popAll(targets, lengths);
			for (int i = 0; i < popped; i++) {
				tally.add(java.util.Arrays.copyOf(targets[i], lengths[i]));
			}
			if (popped == 0) {
				Thread.yield();
			}
		}
		return tally;
	}

	/**
	 * Pops until the channel's shared popped counter reaches {@code total}, checking each
	 * message and per-producer order.
	 */
	static Tally consume(Channel channel, int producers, long total) throws InterruptedException {
		Tally tally = new Tally(producers);
		while (channel.metric().popped() < total) {
			byte[] message = channel.pop(Duration.ofMillis(50));
			if (message != null) {
				tally.add(message);
			}
		}
		return tally;
	}

	/** What one consumer saw. */
	static final class Tally {

		final long[] count;

		final long[] sum;

		final long[] sumOfSquares;

		final int[] last;

		final List<String> errors = new ArrayList<>();

		Tally(int producers) {
			this.count = new long[producers];
			this.sum = new long[producers];
			this.sumOfSquares = new long[producers];
			this.last = new int[producers];
			java.util.Arrays.fill(this.last, -1);
		}

		void add(byte[] message) {
			int producer = message[0];
			int seq = ((message[1] & 0xFF) << 24) | ((message[2] & 0xFF) << 16) | ((message[3] & 0xFF) << 8)
					| (message[4] & 0xFF);
			if (!java.util.Arrays.equals(message, message(producer, seq)) && this.errors.size() < 10) {
				this.errors.add("corrupt message " + producer + "/" + seq);
			}
			if (seq <= this.last[producer] && this.errors.size() < 10) {
				this.errors.add("producer " + producer + ": " + seq + " after " + this.last[producer]);
			}
			this.last[producer] = seq;
			this.count[producer]++;
			this.sum[producer] += seq;
			this.sumOfSquares[producer] += (long) seq * seq;
		}

		String line(int producer) {
			return "tally " + producer + " " + this.count[producer] + " " + this.sum[producer] + " "
					+ this.sumOfSquares[producer];
		}

	}

}
