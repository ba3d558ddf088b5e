package io.swoole4j.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM for cross-process tests: same java, same classpath, native access on,
 * running the {@code main} of a test class. Its standard output is read line by line, so
 * a test can wait for a child to say "ready"; standard error goes to the test's own.
 * <p>
 * Always close it (try-with-resources): {@link #close()} kills the child if it still
 * runs.
 */
public final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private ChildJvm(Process process) {
		this.process = process;
		Thread reader = new Thread(this::pump, "child-jvm-stdout-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Starts {@code mainClass.main(args)} in a new JVM.
	 * @param mainClass a class with a static main
	 * @param args its arguments
	 * @return the running child
	 */
	public static ChildJvm start(Class<?> mainClass, String... args) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
		command.add("--enable-native-access=ALL-UNNAMED");
		command.add("-Xmx256m");
		command.add("-XX:+UseSerialGC");
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
			return new ChildJvm(process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void pump() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the child went away: waiters see no more lines and time out
		}
	}

	/**
	 * Waits for the child's next line of standard output.
	 * @param timeout how long to wait
	 * @return the line
	 * @throws AssertionError if none came in time
	 */
	public String readLine(Duration timeout) throws InterruptedException {
		String line = this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (line == null) {
			throw new AssertionError("child " + pid() + " printed nothing within " + timeout + " (alive: "
					+ this.process.isAlive() + ")");
		}
		return line;
	}

	/**
	 * Waits for a line equal to {@code expected}, skipping others.
	 * @param expected the line
	 * @param timeout how long to wait in all
	 */
	public void expectLine(String expected, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			String line = this.lines.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
			if (line == null) {
				throw new AssertionError("child " + pid() + " did not print \"" + expected + "\" within " + timeout);
			}
			if (line.equals(expected)) {
				return;
			}
		}
	}

	/**
	 * Writes a line to the child's standard input.
	 * @param line the text, without newline
	 */
	public void writeLine(String line) {
		try {
			this.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
			this.process.getOutputStream().flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits for the child to exit.
	 * @param timeout how long to wait
	 * @return its exit code
	 * @throws AssertionError if it is still running
	 */
	public int waitFor(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("child " + pid() + " still running after " + timeout);
		}
		return this.process.exitValue();
	}

	/**
	 * Returns the child's pid.
	 * @return the pid
	 */
	public int pid() {
		return (int) this.process.pid();
	}

	/**
	 * Returns the process.
	 * @return the process
	 */
	public Process process() {
		return this.process;
	}

	/**
	 * Kills the child with SIGKILL and waits for it to go.
	 */
	public void killHard() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			try {
				killHard();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
