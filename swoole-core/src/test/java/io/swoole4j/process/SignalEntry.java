package io.swoole4j.process;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reports every SIGUSR1 over the pipe; says "ready" once the handler is registered, then
 * waits until the parent closes its end.
 */
public class SignalEntry implements ProcessEntry {

	@Override
	public void run(ProcessContext context) throws Exception {
		context.signal(Signal.USR1, (signal) -> {
			try {
				context.write(("got " + signal).getBytes(StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		context.write("ready".getBytes(StandardCharsets.UTF_8));
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
