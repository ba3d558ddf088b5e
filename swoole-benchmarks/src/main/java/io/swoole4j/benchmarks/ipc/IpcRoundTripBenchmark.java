package io.swoole4j.benchmarks.ipc;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.swoole4j.ipc.Channel;
import io.swoole4j.ipc.MessagePipe;
import io.swoole4j.ipc.MessageQueue;
import io.swoole4j.ipc.PipePair;

/**
 * One thread puts a 64-byte message in and takes it out again: the cost of a round trip
 * through a System V {@link MessageQueue} (two system calls), a {@link Channel} (no
 * system call) and a {@link MessagePipe} (a Unix socket write and read). Compare as
 * ratios.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Thread)
public class IpcRoundTripBenchmark {

	private final byte[] message = new byte[64];

	private final byte[] buffer = new byte[1024];

	private MessageQueue queue;

	private Channel channel;

	private PipePair<MessagePipe> pipes;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.queue = MessageQueue.createPrivate();
		this.channel = Channel.createAnonymous(64 * 1024, 1024);
		this.pipes = MessagePipe.pair();
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.queue.close();
		this.channel.close();
		this.pipes.close();
	}

	@Benchmark
	public byte[] messageQueue() {
		this.queue.push(1, this.message);
		return this.queue.pop(1);
	}

	@Benchmark
	public int channel() {
		this.channel.push(this.message);
		return this.channel.pop(this.buffer);
	}

	@Benchmark
	public byte[] messagePipe() throws IOException {
		this.pipes.master().send(this.message);
		return this.pipes.worker().tryReceive();
	}

}
