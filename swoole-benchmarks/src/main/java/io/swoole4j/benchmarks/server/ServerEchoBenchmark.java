package io.swoole4j.benchmarks.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.swoole4j.server.Mode;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;

/**
 * One client round trip (4-byte big-endian length + 64-byte body) through an in-process
 * echo server: swoole4j BASE, swoole4j THREAD, or the Netty NIO peer. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the heap bytes allocated per echoed
 * message by the whole JVM; the client side allocates nothing, so it is the server's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ServerEchoBenchmark {

	private static final int BODY = 64;

	@Param({ "SWOOLE_BASE", "SWOOLE_THREAD", "NETTY_NIO" })
	public String server;

	private Server swoole;

	private EventLoopGroup nettyGroup;

	private Channel nettyChannel;

	private SocketChannel client;

	private final ByteBuffer request = ByteBuffer.allocateDirect(4 + BODY);

	private final ByteBuffer response = ByteBuffer.allocateDirect(4 + BODY);

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		int port;
		if (this.server.startsWith("SWOOLE")) {
			ServerConfig config = ServerConfig.builder()
				.host("127.0.0.1")
				.port(0)
				.mode(this.server.equals("SWOOLE_BASE") ? Mode.BASE : Mode.THREAD)
				.workerNum(1)
				.reactorNum(1)
				.openLengthCheck(true)
				.build();
			this.swoole = new Server(config,
					ServerHandler.onReceive((s, session, r, packet) -> s.send(session, packet)));
			this.swoole.start();
			port = this.swoole.port();
		}
		else {
			this.nettyGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
			this.nettyChannel = new ServerBootstrap().group(this.nettyGroup)
				.channel(NioServerSocketChannel.class)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(new ChannelInitializer<io.netty.channel.socket.SocketChannel>() {

					@Override
					protected void initChannel(io.netty.channel.socket.SocketChannel ch) {
						ch.pipeline()
							.addLast(new LengthFieldBasedFrameDecoder(2 * 1024 * 1024, 0, 4, 0, 0))
							.addLast(new SimpleChannelInboundHandler<ByteBuf>() {

								@Override
								protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
									ctx.writeAndFlush(frame.retain());
								}

							});
					}

				})
				.bind("127.0.0.1", 0)
				.sync()
				.channel();
			port = ((InetSocketAddress) this.nettyChannel.localAddress()).getPort();
		}
		this.client = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
		this.client.setOption(StandardSocketOptions.TCP_NODELAY, true);
		this.request.putInt(0, BODY);
		for (int i = 0; i < BODY; i++) {
			this.request.put(4 + i, (byte) i);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.client.close();
		if (this.swoole != null) {
			this.swoole.shutdown();
		}
		if (this.nettyChannel != null) {
			this.nettyChannel.close().sync();
			this.nettyGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		}
	}

	@Benchmark
	public int roundTrip() throws IOException {
		this.request.clear();
		while (this.request.hasRemaining()) {
			this.client.write(this.request);
		}
		this.response.clear();
		while (this.response.hasRemaining()) {
			if (this.client.read(this.response) < 0) {
				throw new IOException("server closed the connection");
			}
		}
		return this.response.get(4 + BODY - 1);
	}

}
