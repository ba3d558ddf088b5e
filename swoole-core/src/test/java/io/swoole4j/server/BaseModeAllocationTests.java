package io.swoole4j.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BASE-mode echo path (read, frame, onReceive, send of the packet view, write)
 * allocates nothing on the heap per message in steady state: measured on the loop thread
 * with {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BaseModeAllocationTests {

	private static final int WARMUP = 20_000;

	private static final int MEASURED = 20_000;

	@Test
	void steadyStateEchoAllocatesNothingPerMessage() throws Exception {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		CompletableFuture<Thread> loop = new CompletableFuture<>();
		Server server = new Server(ServerTestSupport.lengthConfig(Mode.BASE).workerNum(1).build(), new ServerHandler() {

			@Override
			public void onWorkerStart(Server s, int workerId) {
				loop.complete(Thread.currentThread());
			}

			@Override
			public void onReceive(Server s, long sessionId, int reactorId, Packet packet) {
				s.send(sessionId, packet);
			}

		});
		server.start();
		try (SocketChannel client = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()))) {
			client.setOption(StandardSocketOptions.TCP_NODELAY, true);
			long loopId = loop.get(10, TimeUnit.SECONDS).threadId();
			ByteBuffer request = ByteBuffer.allocateDirect(4 + 64).putInt(0, 64);
			ByteBuffer response = ByteBuffer.allocateDirect(4 + 64);
			pingPong(client, request, response, WARMUP);
			long before = threads.getThreadAllocatedBytes(loopId);
			long requestsBefore = server.metric().requestCount();
			pingPong(client, request, response, MEASURED);
			long allocated = threads.getThreadAllocatedBytes(loopId) - before;
			// the counter moves after onReceive returns, so the last echo of either
			// phase may not be counted yet when it is read
			assertThat(server.metric().requestCount() - requestsBefore).isBetween((long) MEASURED - 1,
					(long) MEASURED + 1);
			// slack for one-off JDK growth, far below one byte per message
			assertThat(allocated).as("bytes allocated by the loop for %d echoes", MEASURED).isLessThan(4096);
		}
		finally {
			server.shutdown();
		}
	}

	private static void pingPong(SocketChannel client, ByteBuffer request, ByteBuffer response, int times)
			throws IOException {
		for (int i = 0; i < times; i++) {
			request.clear();
			request.put(4, (byte) i);
			while (request.hasRemaining()) {
				client.write(request);
			}
			response.clear();
			while (response.hasRemaining()) {
				if (client.read(response) < 0) {
					throw new IOException("EOF");
				}
			}
			assertThat(response.get(4)).isEqualTo((byte) i);
		}
	}

}
