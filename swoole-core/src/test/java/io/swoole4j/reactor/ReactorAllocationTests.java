package io.swoole4j.reactor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loop's steady state allocates nothing per event: measured on the loop thread with
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long)} while a client
 * ping-pongs one byte through an echo handler.
 */
@Timeout(60)
class ReactorAllocationTests {

	private static final int WARMUP = 20_000;

	private static final int MEASURED = 20_000;

	@Test
	void echoLoopAllocatesNothingPerEvent() throws Exception {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		Reactor reactor = new Reactor("allocation-reactor");
		try (SocketPair pair = SocketPair.open()) {
			reactor.start();
			CompletableFuture<Thread> loop = new CompletableFuture<>();
			ByteBuffer serverBuffer = ByteBuffer.allocateDirect(64);
			reactor.execute(() -> {
				loop.complete(Thread.currentThread());
				try {
					reactor.register(pair.server(), SelectionKey.OP_READ, (registration) -> {
						SocketChannel channel = (SocketChannel) registration.channel();
						serverBuffer.clear();
						channel.read(serverBuffer);
						serverBuffer.flip();
						channel.write(serverBuffer);
					});
				}
				catch (IOException ex) {
					loop.completeExceptionally(ex);
				}
			});
			long loopId = loop.get(10, TimeUnit.SECONDS).threadId();
			ByteBuffer clientBuffer = ByteBuffer.allocateDirect(1);
			pingPong(pair.client(), clientBuffer, WARMUP);
			long before = threads.getThreadAllocatedBytes(loopId);
			long eventsBefore = reactor.metric().eventsHandled();
			pingPong(pair.client(), clientBuffer, MEASURED);
			long allocated = threads.getThreadAllocatedBytes(loopId) - before;
			long events = reactor.metric().eventsHandled() - eventsBefore;
			assertThat(events).isGreaterThanOrEqualTo(MEASURED - 1);
			// one object per event would be >= 16 bytes per event; under 1 byte per event
			// on average leaves room for rare one-off JDK allocations (seen: ~1.2 KiB per
			// run)
			assertThat(allocated).as("bytes allocated by the loop for %d events", events).isLessThan(events);
		}
		finally {
			reactor.stop();
			assertThat(reactor.awaitTermination(Duration.ofSeconds(10))).isTrue();
		}
	}

	private static void pingPong(SocketChannel client, ByteBuffer buffer, int times) throws IOException {
		for (int i = 0; i < times; i++) {
			buffer.clear().put((byte) i).flip();
			client.write(buffer);
			buffer.clear();
			while (buffer.hasRemaining()) {
				if (client.read(buffer) < 0) {
					throw new IOException("EOF");
				}
			}
		}
	}

}
