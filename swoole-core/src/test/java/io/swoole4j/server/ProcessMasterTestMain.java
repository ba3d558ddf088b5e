package io.swoole4j.server;

import java.util.concurrent.CountDownLatch;

/**
 * A PROCESS-mode master in a JVM of its own, for the tests that signal or kill it:
 * {@code events=<file>}. It leaves {@code workerEntry} unset, so its worker JVMs run this
 * same class (found on its command line) and {@link Server#start()} makes them workers.
 * Prints {@code LISTENING <port>} once it listens; runs until killed or signalled.
 */
public final class ProcessMasterTestMain {

	private ProcessMasterTestMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		ServerConfig config = ServerConfig.builder()
			.host("127.0.0.1")
			.port(0)
			.mode(Mode.PROCESS)
			.reactorNum(1)
			.workerNum(2)
			.openLengthCheck(true)
			.workerJvmOptions(io.swoole4j.process.Process.FAST_START_OPTIONS)
			.build();
		Server server = new Server(config, ProcessWorkerTestMain.handler(args));
		server.start();
		System.out.println("LISTENING " + server.port());
		System.out.flush();
		new CountDownLatch(1).await();
	}

}
