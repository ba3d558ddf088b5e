package io.swoole4j.benchmarks.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.swoole4j.process.Process;

/**
 * A message to a child JVM and its echo back: through {@link Process}'s pipe (a Unix
 * domain socket with length framing) against the peer, a plain {@link ProcessBuilder}
 * child talking length-prefixed frames over its standard input and output. Compare as
 * ratios.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class ProcessPipeRoundTripBenchmark {

	@Param({ "64", "65536" })
	private int size;

	private byte[] message;

	private Process child;

	private java.lang.Process peer;

	private DataOutputStream peerIn;

	private DataInputStream peerOut;

	@Setup(Level.Trial)
	public void setUp() throws IOException, InterruptedException {
		this.message = new byte[this.size];
		this.child = Process.builder(ProcessEchoEntry.class).start();
		this.child.write(this.message);
		this.child.read(Duration.ofSeconds(60));
		List<String> command = List.of(
				ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"), "-cp",
				System.getProperty("java.class.path"), StdioEchoMain.class.getName());
		this.peer = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		this.peerIn = new DataOutputStream(new BufferedOutputStream(this.peer.getOutputStream()));
		this.peerOut = new DataInputStream(new BufferedInputStream(this.peer.getInputStream()));
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException, InterruptedException {
		this.child.close();
		this.peerIn.close();
		this.peer.waitFor(10, TimeUnit.SECONDS);
		this.peer.destroyForcibly();
	}

	@Benchmark
	public byte[] processPipe() throws IOException, InterruptedException {
		this.child.write(this.message);
		return this.child.read();
	}

	@Benchmark
	public byte[] stdioPipe() throws IOException {
		this.peerIn.writeInt(this.message.length);
		this.peerIn.write(this.message);
		this.peerIn.flush();
		byte[] echo = new byte[this.peerOut.readInt()];
		this.peerOut.readFully(echo);
		return echo;
	}

}
