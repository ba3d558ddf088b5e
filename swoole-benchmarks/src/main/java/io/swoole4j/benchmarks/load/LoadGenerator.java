package io.swoole4j.benchmarks.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator for the echo protocol (4-byte big-endian body length plus
 * the body): each of {@code connections} connections keeps {@code depth} frames in
 * flight, checks that every echoed frame comes back intact and in order, and sends the
 * next one as soon as one returns. Loopback only: it refuses any other host.
 * <p>
 * Command line:
 * {@code --host 127.0.0.1 --port N --connections C --depth D --size S --duration 10s [--warmup 2s] [--threads 1]}.
 * Prints one line,
 * {@code RESULT msgs_per_sec=... p50_us=... p99_us=... p999_us=... max_us=... errors=... messages=... connections=... depth=... size=... threads=... seconds=...},
 * and exits 0; a bad argument exits 2, a failed connect exits 1.
 * <p>
 * It runs on {@code --threads} selector threads (default 1, to leave the CPU to the
 * server) and allocates nothing per message: every connection has one direct read buffer
 * and one direct write buffer, frames are copied from a precomputed pattern, and latency
 * is recorded in one HdrHistogram per thread (3 significant digits, up to 10 s). Latency
 * is measured from when a frame is queued for sending to when its echo is read, with one
 * clock reading per read batch.
 */
public final class LoadGenerator {

	private LoadGenerator() {
	}

	/**
	 * What to run.
	 *
	 * @param target the server, a loopback address
	 * @param connections connections to open
	 * @param depth frames each connection keeps in flight
	 * @param size body bytes of each frame
	 * @param duration how long to measure
	 * @param warmup how long to run before measuring
	 * @param threads selector threads, at most {@code connections}
	 */
	public record Settings(InetSocketAddress target, int connections, int depth, int size, Duration duration,
			Duration warmup, int threads) {

		/**
		 * The largest body accepted: 16 MiB minus the header, the Netty peer's frame
		 * limit.
		 */
		public static final int MAX_SIZE = 16 * 1024 * 1024 - 4;

		/**
		 * Validates the settings.
		 * @throws IllegalArgumentException if a value is out of range or the target is
		 * not a loopback address
		 */
		public Settings {
			if (target.isUnresolved() || !target.getAddress().isLoopbackAddress()) {
				throw new IllegalArgumentException("host: " + target.getHostString()
						+ " (expected: a loopback address; load is never sent elsewhere)");
			}
			check(connections > 0, "connections", connections, "> 0");
			check(depth > 0, "depth", depth, "> 0");
			check(size >= 0 && size <= MAX_SIZE, "size", size, "in [0, " + MAX_SIZE + "]");
			check(!duration.isNegative() && !duration.isZero(), "duration", duration, "> 0");
			check(!warmup.isNegative(), "warmup", warmup, ">= 0");
			check(threads > 0 && threads <= connections, "threads", threads, "in [1, connections]");
			check((long) depth * (size + 4) <= Integer.MAX_VALUE, "depth", depth, "depth * (size + 4) < 2 GiB");
		}

		private static void check(boolean ok, String name, Object value, String expected) {
			if (!ok) {
				throw new IllegalArgumentException(name + ": " + value + " (expected: " + expected + ")");
			}
		}

	}

	/**
	 * What a run measured.
	 *
	 * @param messages echoed frames counted while measuring
	 * @param seconds the measured time
	 * @param latency latency histogram in nanoseconds
	 * @param errors corrupt, misordered or misframed echoes plus connections lost
	 * @param settings what was run
	 */
	public record Result(long messages, double seconds, Histogram latency, long errors, Settings settings) {

		/**
		 * Returns the throughput.
		 * @return echoed frames per second
		 */
		public double messagesPerSecond() {
			return this.messages / this.seconds;
		}

		/**
		 * Returns a latency percentile.
		 * @param percentile e.g. 99.0
		 * @return the latency in microseconds
		 */
		public double latencyMicros(double percentile) {
			return this.latency.getValueAtPercentile(percentile) / 1000.0;
		}

		/**
		 * Renders the one parseable {@code RESULT ...} line.
		 * @return the line
		 */
		public String toResultLine() {
			return String.format(Locale.ROOT,
					"RESULT msgs_per_sec=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f errors=%d messages=%d"
							+ " connections=%d depth=%d size=%d threads=%d seconds=%.3f",
					messagesPerSecond(), latencyMicros(50), latencyMicros(99), latencyMicros(99.9),
					this.latency.getMaxValue() / 1000.0, this.errors, this.messages, this.settings.connections(),
					this.settings.depth(), this.settings.size(), this.settings.threads(), this.seconds);
		}

	}

	/**
	 * Connects, runs the warmup and the measurement, and closes every connection.
	 * @param settings what to run
	 * @return what was measured
	 * @throws IOException if a connection cannot be opened
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static Result run(Settings settings) throws IOException, InterruptedException {
		Control control = new Control(settings.warmup().isZero() ? Control.MEASURING : Control.WARMUP);
		List<LoadWorker> workers = new ArrayList<>();
		try {
			for (int i = 0; i < settings.threads(); i++) {
				workers.add(new LoadWorker(i, settings, control));
			}
			for (int i = 0; i < settings.connections(); i++) {
				workers.get(i % workers.size()).connect(settings.target());
			}
			List<Thread> threads = new ArrayList<>();
			for (LoadWorker worker : workers) {
				threads.add(Thread.ofPlatform().name("load-" + worker.id()).start(worker));
			}
			if (!settings.warmup().isZero()) {
				sleep(settings.warmup());
				control.phase = Control.MEASURING;
			}
			long start = System.nanoTime();
			sleep(settings.duration());
			control.phase = Control.STOPPED;
			long end = System.nanoTime();
			for (LoadWorker worker : workers) {
				worker.wakeup();
			}
			for (Thread thread : threads) {
				thread.join();
			}
			Histogram latency = new Histogram(LoadWorker.MAX_LATENCY_NANOS, 3);
			long messages = 0;
			long errors = 0;
			for (LoadWorker worker : workers) {
				latency.add(worker.latency());
				messages += worker.messages();
				errors += worker.errors();
			}
			return new Result(messages, (end - start) / 1e9, latency, errors, settings);
		}
		finally {
			for (LoadWorker worker : workers) {
				worker.close();
			}
		}
	}

	private static void sleep(Duration duration) throws InterruptedException {
		TimeUnit.NANOSECONDS.sleep(duration.toNanos());
	}

	/**
	 * Parses a duration such as {@code 10s}, {@code 500ms}, {@code 2m} or {@code 3}
	 * (seconds).
	 * @param text the text
	 * @return the duration
	 * @throws IllegalArgumentException if it is not one
	 */
	public static Duration parseDuration(String text) {
		String t = text.trim().toLowerCase(Locale.ROOT);
		try {
			if (t.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
			}
			if (t.endsWith("s")) {
				return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
			}
			if (t.endsWith("m")) {
				return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
			}
			return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("duration: " + text + " (expected: like 10s, 500ms, 2m)", ex);
		}
	}

	/**
	 * Parses the command line into settings.
	 * @param args the arguments
	 * @return the settings
	 * @throws IllegalArgumentException on a missing, unknown or invalid option
	 * @throws IOException if the host cannot be resolved
	 */
	public static Settings parse(String[] args) throws IOException {
		String host = "127.0.0.1";
		int port = -1;
		int connections = 64;
		int depth = 1;
		int size = 64;
		Duration duration = Duration.ofSeconds(10);
		Duration warmup = Duration.ofSeconds(2);
		int threads = 1;
		for (int i = 0; i < args.length; i += 2) {
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(args[i] + " needs a value");
			}
			String value = args[i + 1];
			switch (args[i]) {
				case "--host" -> host = value;
				case "--port" -> port = Integer.parseInt(value);
				case "--connections" -> connections = Integer.parseInt(value);
				case "--depth" -> depth = Integer.parseInt(value);
				case "--size" -> size = Integer.parseInt(value);
				case "--duration" -> duration = parseDuration(value);
				case "--warmup" -> warmup = parseDuration(value);
				case "--threads" -> threads = Integer.parseInt(value);
				default -> throw new IllegalArgumentException("unknown option: " + args[i]);
			}
		}
		if (port <= 0 || port > 65535) {
			throw new IllegalArgumentException("port: " + port + " (expected: in [1, 65535])");
		}
		return new Settings(new InetSocketAddress(InetAddress.getByName(host), port), connections, depth, size,
				duration, warmup, threads);
	}

	/**
	 * Runs the command line and prints the {@code RESULT} line.
	 * @param args see the class comment
	 * @throws InterruptedException if interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		Settings settings;
		try {
			settings = parse(args);
		}
		catch (IllegalArgumentException | IOException ex) {
			System.err.println(ex.getMessage());
			System.err.println("usage: LoadGenerator --host 127.0.0.1 --port N --connections C --depth D --size S"
					+ " --duration 10s [--warmup 2s] [--threads 1]");
			System.exit(2);
			return;
		}
		Result result;
		try {
			result = run(settings);
		}
		catch (IOException ex) {
			System.err.println("cannot connect to " + settings.target() + ": " + ex);
			System.exit(1);
			return;
		}
		System.out.println(result.toResultLine());
	}

	/** The run phase, written by the main thread and read by the workers. */
	static final class Control {

		static final int WARMUP = 0;

		static final int MEASURING = 1;

		static final int STOPPED = 2;

		volatile int phase;

		Control(int phase) {
			this.phase = phase;
		}

	}

}
