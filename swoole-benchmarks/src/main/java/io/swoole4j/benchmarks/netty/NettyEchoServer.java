package io.swoole4j.benchmarks.netty;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * The Netty 4.2 echo peer: frames of a 4-byte big-endian body length plus the body, split
 * by {@code LengthFieldBasedFrameDecoder(maxFrame, 0, 4, 0, 0)} and written back whole,
 * header included, on 127.0.0.1 only. One boss thread plus {@code --workers} worker
 * threads (default 2), the configuration of the figures in ANCHORS.md.
 * <p>
 * Command line:
 * {@code --transport nio|epoll --port N [--workers 2] [--flush batch|frame] [--max-frame 16777216]}.
 * {@code --flush batch} writes every frame of a read and flushes once in
 * {@code channelReadComplete} (the default for NIO); {@code --flush frame} flushes each
 * frame as it is written (the default for epoll). Port 0 picks a free port. Prints
 * {@code LISTENING <port>} once bound; SIGTERM (or {@link #close()}) shuts it down.
 */
public final class NettyEchoServer implements AutoCloseable {

	/** The I/O transport. */
	public enum Transport {

		/** JDK NIO selectors. */
		NIO,

		/** Netty's native epoll transport (Linux). */
		EPOLL

	}

	/** When the echoed frames are flushed to the socket. */
	public enum FlushMode {

		/** Once per read batch, in {@code channelReadComplete}. */
		BATCH,

		/** After every frame ({@code writeAndFlush}). */
		FRAME

	}

	/** Default largest frame: 16 MiB, far above any benchmark size. */
	public static final int DEFAULT_MAX_FRAME = 16 * 1024 * 1024;

	private final EventLoopGroup boss;

	private final EventLoopGroup workers;

	private final Channel channel;

	private NettyEchoServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
		this.boss = boss;
		this.workers = workers;
		this.channel = channel;
	}

	/**
	 * Binds an echo server on 127.0.0.1.
	 * @param transport NIO or epoll
	 * @param port the port, 0 for a free one
	 * @param workerThreads the worker event loop count
	 * @param flushMode when echoed frames are flushed
	 * @param maxFrame the largest accepted frame, header included
	 * @return the bound server; {@link #close()} it
	 * @throws InterruptedException if interrupted while binding
	 * @throws IllegalStateException if epoll is asked for and unavailable
	 */
	public static NettyEchoServer start(Transport transport, int port, int workerThreads, FlushMode flushMode,
			int maxFrame) throws InterruptedException {
		IoHandlerFactory factory;
		Class<? extends ServerChannel> channelType;
		if (transport == Transport.EPOLL) {
			Epoll.ensureAvailability();
			factory = EpollIoHandler.newFactory();
			channelType = EpollServerSocketChannel.class;
		}
		else {
			factory = NioIoHandler.newFactory();
			channelType = NioServerSocketChannel.class;
		}
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, factory);
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(workerThreads, factory);
		EchoHandler echo = new EchoHandler(flushMode == FlushMode.FRAME);
		try {
			Channel channel = new ServerBootstrap().group(boss, workers)
				.channel(channelType)
				.option(ChannelOption.SO_BACKLOG, 4096)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.childHandler(new ChannelInitializer<SocketChannel>() {
					@Override
					protected void initChannel(SocketChannel ch) {
						ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(maxFrame, 0, 4, 0, 0), echo);
					}
				})
				.bind("127.0.0.1", port)
				.sync()
				.channel();
			return new NettyEchoServer(boss, workers, channel);
		}
		catch (InterruptedException | RuntimeException ex) {
			boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
			throw ex;
		}
	}

	/**
	 * Returns the bound port.
	 * @return the port
	 */
	public int port() {
		return ((InetSocketAddress) this.channel.localAddress()).getPort();
	}

	/**
	 * Closes the listener and every connection and stops the event loops, waiting up to
	 * five seconds for them.
	 */
	@Override
	public void close() {
		this.channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
		this.boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
		this.workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	/**
	 * Runs the server until SIGTERM.
	 * @param args see the class comment
	 * @throws InterruptedException if interrupted
	 */
	public static void main(String[] args) throws InterruptedException {
		Transport transport = null;
		int port = -1;
		int workerThreads = 2;
		FlushMode flushMode = null;
		int maxFrame = DEFAULT_MAX_FRAME;
		PrintStream out = System.out;
		try {
			for (int i = 0; i < args.length; i++) {
				String value = (i + 1 < args.length) ? args[i + 1] : null;
				switch (args[i]) {
					case "--transport" ->
						transport = Transport.valueOf(required(args[i], value).toUpperCase(Locale.ROOT));
					case "--port" -> port = Integer.parseInt(required(args[i], value));
					case "--workers" -> workerThreads = Integer.parseInt(required(args[i], value));
					case "--flush" -> flushMode = FlushMode.valueOf(required(args[i], value).toUpperCase(Locale.ROOT));
					case "--max-frame" -> maxFrame = Integer.parseInt(required(args[i], value));
					default -> throw new IllegalArgumentException("unknown option: " + args[i]);
				}
				i++;
			}
			if (transport == null || port < 0 || port > 65535 || workerThreads <= 0 || maxFrame < 4) {
				throw new IllegalArgumentException("expected --transport nio|epoll --port N [--workers W]");
			}
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(
					"usage: NettyEchoServer --transport nio|epoll --port N [--workers 2] [--flush batch|frame] [--max-frame N]");
			System.exit(2);
			return;
		}
		if (flushMode == null) {
			flushMode = (transport == Transport.EPOLL) ? FlushMode.FRAME : FlushMode.BATCH;
		}
		NettyEchoServer server = start(transport, port, workerThreads, flushMode, maxFrame);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.close();
			stopped.countDown();
		}, "netty-echo-shutdown"));
		out.println("LISTENING " + server.port());
		out.flush();
		stopped.await();
	}

	private static String required(String option, String value) {
		if (value == null) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return value;
	}

	@Sharable
	private static final class EchoHandler extends ChannelInboundHandlerAdapter {

		private final boolean flushPerFrame;

		EchoHandler(boolean flushPerFrame) {
			this.flushPerFrame = flushPerFrame;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (this.flushPerFrame) {
				ctx.writeAndFlush(msg, ctx.voidPromise());
			}
			else {
				ctx.write(msg, ctx.voidPromise());
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			if (!this.flushPerFrame) {
				ctx.flush();
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			// A client that resets its connection at the end of a run is normal here.
			ctx.close();
		}

	}

}
