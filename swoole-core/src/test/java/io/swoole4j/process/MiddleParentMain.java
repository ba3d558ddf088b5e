package io.swoole4j.process;

import java.util.concurrent.TimeUnit;

/**
 * A child JVM acting as a parent: starts a grandchild through {@link Process}, prints
 * "grandchild PID" once it is up, then sleeps until it is killed.
 */
public final class MiddleParentMain {

	private MiddleParentMain() {
	}

	public static void main(String[] args) throws Exception {
		Process grandchild = Process.builder(SleepEntry.class)
			.name("grandchild")
			.jvmOptions(Process.FAST_START_OPTIONS)
			.start();
		grandchild.read();
		System.out.println("grandchild " + grandchild.pid());
		TimeUnit.MINUTES.sleep(10);
	}

}
