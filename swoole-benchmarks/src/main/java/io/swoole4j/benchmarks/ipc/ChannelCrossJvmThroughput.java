package io.swoole4j.benchmarks.ipc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.swoole4j.ipc.Channel;
import io.swoole4j.ipc.MessagePipe;
import io.swoole4j.ipc.PipeListener;

/**
 * Throughput of 64-byte messages from this JVM to a child JVM: through a named
 * {@link Channel}, and, as the peer, through a {@link MessagePipe} (Unix domain socket).
 * A plain main rather than JMH because the measured path spans two processes; it prints
 * messages per second of each, best of {@code rounds}, and their ratio.
 * <p>
 * Run: {@code java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar
 * io.swoole4j.benchmarks.ipc.ChannelCrossJvmThroughput [messages] [rounds]}.
 */
public final class ChannelCrossJvmThroughput {

	private static final int SIZE = 64;

	private ChannelCrossJvmThroughput() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("channel-consumer")) {
			consumeChannel(args[1], Long.parseLong(args[2]));
			return;
		}
		if (args.length > 0 && args[0].equals("pipe-consumer")) {
			consumePipe(args[1], Long.parseLong(args[2]));
			return;
		}
		long messages = (args.length > 0) ? Long.parseLong(args[0]) : 5_000_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		double channelBest = 0;
		double pipeBest = 0;
		for (int round = 0; round < rounds; round++) {
			double channel = channelRound(messages);
			double pipe = pipeRound(messages);
			report("round " + round + ": channel " + perSecond(channel) + " msg/s, message pipe " + perSecond(pipe)
					+ " msg/s");
			channelBest = Math.max(channelBest, channel);
			pipeBest = Math.max(pipeBest, pipe);
		}
		report(String.format("best: channel %s msg/s, message pipe %s msg/s, channel/pipe = %.2f",
				perSecond(channelBest), perSecond(pipeBest), channelBest / pipeBest));
	}

	private static double channelRound(long messages) throws Exception {
		String name = "swoole4j-bench-channel-" + ProcessHandle.current().pid();
		Channel channel = Channel.create(name, 64 * 1024, 1024);
		try {
			Process child = startChild("channel-consumer", name, String.valueOf(messages));
			awaitLine(child, "ready");
			byte[] message = new byte[SIZE];
			for (long i = 0; i < messages; i++) {
				while (!channel.push(message)) {
					Thread.onSpinWait();
				}
			}
			return finish(child, messages);
		}
		finally {
			channel.destroy();
		}
	}

	private static double pipeRound(long messages) throws Exception {
		try (PipeListener listener = PipeListener.open()) {
			Process child = startChild("pipe-consumer", listener.address(), String.valueOf(messages));
			try (MessagePipe pipe = listener.acceptMessage(Duration.ofSeconds(30))) {
				awaitLine(child, "ready");
				byte[] message = new byte[SIZE];
				for (long i = 0; i < messages; i++) {
					pipe.send(message);
				}
				return finish(child, messages);
			}
		}
	}

	private static void consumeChannel(String name, long messages) {
		try (Channel channel = Channel.attach(name)) {
			byte[] buffer = new byte[1024];
			System.out.println("ready");
			long start = 0;
			for (long i = 0; i < messages; i++) {
				while (channel.pop(buffer) == Channel.EMPTY) {
					Thread.onSpinWait();
				}
				if (i == 0) {
					start = System.nanoTime();
				}
			}
			System.out.println("nanos " + (System.nanoTime() - start));
		}
	}

	private static void consumePipe(String address, long messages) throws Exception {
		try (MessagePipe pipe = MessagePipe.connect(address)) {
			System.out.println("ready");
			long start = 0;
			for (long i = 0; i < messages; i++) {
				pipe.receive();
				if (i == 0) {
					start = System.nanoTime();
				}
			}
			System.out.println("nanos " + (System.nanoTime() - start));
		}
	}

	private static Process startChild(String... args) throws IOException {
		List<String> command = new java.util.ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
						"--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
						ChannelCrossJvmThroughput.class.getName()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	private static void awaitLine(Process child, String expected) throws IOException {
		String line = reader(child).readLine();
		if (!expected.equals(line)) {
			throw new IllegalStateException("child said " + line + " instead of " + expected);
		}
	}

	private static double finish(Process child, long messages) throws Exception {
		String line = reader(child).readLine();
		child.waitFor();
		if (line == null || !line.startsWith("nanos ")) {
			throw new IllegalStateException("child said " + line);
		}
		long nanos = Long.parseLong(line.substring(6));
		return (messages - 1) * 1e9 / nanos;
	}

	private static final java.util.Map<Process, BufferedReader> READERS = new java.util.HashMap<>();

	private static BufferedReader reader(Process child) {
		return READERS.computeIfAbsent(child, (process) -> new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
	}

	private static String perSecond(double rate) {
		return String.format("%,.0f", rate);
	}

	private static void report(String line) {
		// a benchmark main reports on standard output, like JMH itself
		System.out.println(line);
	}

}
