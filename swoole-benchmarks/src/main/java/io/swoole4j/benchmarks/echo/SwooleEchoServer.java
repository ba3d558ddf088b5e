package io.swoole4j.benchmarks.echo;

import java.util.concurrent.CountDownLatch;

import io.swoole4j.server.Mode;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.server.ServerHandler;

/**
 * A 4-byte big-endian length-framed echo server on swoole4j, run until killed:
 * {@code --mode BASE|THREAD --port N [--reactors N --workers N] [--host H]}. Prints
 * {@code LISTENING <port>} on stdout once it listens (the peer scripts wait for it).
 */
public final class SwooleEchoServer {

	private SwooleEchoServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		ServerConfig.Builder config = ServerConfig.builder()
			.host("127.0.0.1")
			.port(9601)
			.mode(Mode.BASE)
			.openLengthCheck(true)
			.packageLengthType('N')
			.packageLengthOffset(0)
			.packageBodyOffset(4);
		for (int i = 0; i < args.length; i++) {
			String value = (i + 1 < args.length) ? args[i + 1] : "";
			switch (args[i]) {
				case "--mode" -> config.mode(Mode.valueOf(value.toUpperCase(java.util.Locale.ROOT)));
				case "--port" -> config.port(Integer.parseInt(value));
				case "--reactors" -> config.reactorNum(Integer.parseInt(value));
				case "--workers" -> config.workerNum(Integer.parseInt(value));
				case "--host" -> config.host(value);
				default -> throw new IllegalArgumentException(
						"unknown argument " + args[i] + " (expected --mode, --port, --reactors, --workers, --host)");
			}
			i++;
		}
		Server server = new Server(config.build(),
				ServerHandler.onReceive((s, session, reactor, packet) -> s.send(session, packet)));
		server.start();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			server.shutdown();
			stopped.countDown();
		}, "swoole-echo-shutdown"));
		System.out.println("LISTENING " + server.port());
		System.out.flush();
		stopped.await();
	}

}
