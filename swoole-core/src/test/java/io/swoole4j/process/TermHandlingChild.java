package io.swoole4j.process;

import java.util.concurrent.CountDownLatch;

/**
 * A child JVM with a TERM handler and a shutdown hook, each printing a line, so the
 * parent can see that handling TERM leaves the JVM's normal shutdown in place.
 */
public final class TermHandlingChild {

	private TermHandlingChild() {
	}

	public static void main(String[] args) throws InterruptedException {
		Signals.handle(Signal.TERM, (signal) -> System.out.println("handler " + signal));
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
		System.out.println("ready");
		new CountDownLatch(1).await();
	}

}
