package io.swoole4j.benchmarks.ipc;

import java.util.Locale;

/**
 * Prints the round trip of a cache line between two threads, which tells where the
 * machine put them: on a virtual machine the hypervisor may place two vCPUs on cores that
 * share a cache (some 70 ns on the 2-vCPU EPYC machine) or on different chiplets (300-400
 * ns), and may move them every few seconds. Any benchmark of two threads handing data to
 * each other ({@link ChannelThroughputBenchmark}, the echo servers) changes its ratio
 * with that placement, so run this beside it and note the figure.
 * <p>
 * {@code java -cp benchmarks.jar io.swoole4j.benchmarks.ipc.CorePingPong [roundTrips]}
 * prints {@code core ping-pong: <ns> ns per round trip}. A plain main, not JMH: it runs
 * in well under a second so that a script can call it before and after each measurement.
 */
public final class CorePingPong {

	private static volatile long ping;

	private static volatile long pong;

	private CorePingPong() {
	}

	public static void main(String[] args) throws InterruptedException {
		int roundTrips = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		if (roundTrips <= 0) {
			throw new IllegalArgumentException("roundTrips: " + roundTrips + " (expected: > 0)");
		}
		// a first pass to compile the loops, then the measured one
		measure(roundTrips / 10 + 1);
		double nanos = measure(roundTrips);
		System.out.println(String.format(Locale.ROOT, "core ping-pong: %.0f ns per round trip", nanos));
	}

	/**
	 * Bounces a counter between this thread and a second one.
	 * @return nanoseconds per round trip
	 */
	static double measure(int roundTrips) throws InterruptedException {
		ping = 0;
		pong = 0;
		Thread responder = new Thread(() -> {
			for (long i = 1; i <= roundTrips; i++) {
				while (ping != i) {
					Thread.onSpinWait();
				}
				pong = i;
			}
		}, "core-ping-pong");
		responder.setDaemon(true);
		responder.start();
		long start = System.nanoTime();
		for (long i = 1; i <= roundTrips; i++) {
			ping = i;
			while (pong != i) {
				Thread.onSpinWait();
			}
		}
		long elapsed = System.nanoTime() - start;
		responder.join();
		return (double) elapsed / roundTrips;
	}

}
