package io.swoole4j.process;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/**
 * Says "ready" with its id, then waits until the parent closes its end.
 */
public class SleepEntry implements ProcessEntry {

	@Override
	public void run(ProcessContext context) throws Exception {
		context.write(("ready " + context.id()).getBytes(StandardCharsets.UTF_8));
		try {
			while (true) {
				context.read();
			}
		}
		catch (EOFException ex) {
			// the parent closed the pipe: done
		}
	}

}
