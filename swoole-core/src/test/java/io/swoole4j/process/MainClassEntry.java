package io.swoole4j.process;

import java.nio.charset.StandardCharsets;

/**
 * A plain main class run as a process: reports its arguments over the pipe, then waits
 * for the parent.
 */
public final class MainClassEntry {

	private MainClassEntry() {
	}

	public static void main(String[] args) throws Exception {
		ProcessContext context = ProcessContext.current();
		context.write(("main:" + String.join(",", args)).getBytes(StandardCharsets.UTF_8));
		context.read();
	}

}
