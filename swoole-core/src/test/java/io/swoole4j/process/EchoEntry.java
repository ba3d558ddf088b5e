package io.swoole4j.process;

import java.io.EOFException;
import java.nio.charset.StandardCharsets;

/**
 * Says who it is, then echoes every message back until "exit:N" (exits with N) or the
 * parent's end closes.
 */
public class EchoEntry implements ProcessEntry {

	@Override
	public void run(ProcessContext context) throws Exception {
		String hello = context.name() + "|" + Thread.currentThread().getName() + "|" + context.parentPid() + "|"
				+ context.id() + "|" + String.join(",", context.args()) + "|"
				+ System.getProperty("swoole4j.process.name");
		context.write(hello.getBytes(StandardCharsets.UTF_8));
		while (true) {
			byte[] message;
			try {
				message = context.read();
			}
			catch (EOFException ex) {
				return;
			}
			String text = (message.length < 16) ? new String(message, StandardCharsets.UTF_8) : "";
			if (text.startsWith("exit:")) {
				context.exit(Integer.parseInt(text.substring(5)));
			}
			context.write(message);
		}
	}

}
