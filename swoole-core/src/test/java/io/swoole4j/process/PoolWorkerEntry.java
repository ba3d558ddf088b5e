package io.swoole4j.process;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A pool worker: says "ready ID", answers each message with "echo ID MESSAGE". The worker
 * whose id is given as "hang=ID" blocks its shutdown for a minute, so only SIGKILL ends
 * it.
 */
public class PoolWorkerEntry implements ProcessEntry {

	@Override
	public void run(ProcessContext context) throws Exception {
		if (context.args().contains("hang=" + context.id())) {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					TimeUnit.MINUTES.sleep(1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}));
		}
		context.write(("ready " + context.id()).getBytes(StandardCharsets.UTF_8));
		while (true) {
			byte[] message;
			try {
				message = context.read();
			}
			catch (EOFException ex) {
				return;
			}
			context.write(("echo " + context.id() + " " + new String(message, StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.UTF_8));
		}
	}

}
