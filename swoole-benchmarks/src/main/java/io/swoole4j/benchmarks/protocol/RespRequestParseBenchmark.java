package io.swoole4j.benchmarks.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.swoole4j.protocol.resp.RespRequestParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing a read of 16 pipelined {@code SET key:NNNN <value>} commands (what
 * {@code redis-benchmark -P 16} sends) into commands: our {@link RespRequestParser}
 * against Netty's {@code RedisDecoder} with its bulk-string and array aggregators, the
 * pipeline a Netty RESP server uses. Operations are commands; run with {@code -prof gc}
 * to compare bytes allocated per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@OperationsPerInvocation(RespRequestParseBenchmark.COMMANDS)
public class RespRequestParseBenchmark {

	static final int COMMANDS = 16;

	@Param({ "16", "1024" })
	int valueSize;

	private ByteBuffer read;

	private RespRequestParser parser;

	private ByteBuf nettyRead;

	private EmbeddedChannel nettyChannel;

	@Setup
	public void setUp() {
		StringBuilder batch = new StringBuilder();
		String value = "x".repeat(this.valueSize);
		for (int i = 0; i < COMMANDS; i++) {
			String key = String.format("key:%04d", i);
			batch.append("*3\r\n$3\r\nSET\r\n$")
				.append(key.length())
				.append("\r\n")
				.append(key)
				.append("\r\n$")
				.append(value.length())
				.append("\r\n")
				.append(value)
				.append("\r\n");
		}
		byte[] bytes = batch.toString().getBytes(StandardCharsets.US_ASCII);
		this.read = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
		this.parser = new RespRequestParser();
		this.nettyRead = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
		this.nettyChannel = new EmbeddedChannel(new RedisDecoder(), new RedisBulkStringAggregator(),
				new RedisArrayAggregator());
	}

	@TearDown
	public void tearDown() {
		this.nettyChannel.finishAndReleaseAll();
		this.nettyRead.release();
	}

	@Benchmark
	public long swoole() {
		ByteBuffer in = this.read;
		in.rewind();
		long sum = 0;
		while (this.parser.parse(in) == RespRequestParser.COMMAND) {
			sum += this.parser.command().argLength(2);
		}
		return sum;
	}

	@Benchmark
	public long netty() {
		this.nettyChannel.writeInbound(this.nettyRead.retainedDuplicate());
		long sum = 0;
		ArrayRedisMessage message;
		while ((message = this.nettyChannel.readInbound()) != null) {
			sum += ((FullBulkStringRedisMessage) message.children().get(2)).content().readableBytes();
			message.release();
		}
		return sum;
	}

}
