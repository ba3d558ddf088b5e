package io.swoole4j.process;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Pops messages of type 1 from the shared queue and pushes them back upper-cased as type
 * 2, until it pops "stop".
 */
public class QueueEntry implements ProcessEntry {

	static final long TO_CHILD = 1;

	static final long TO_PARENT = 2;

	@Override
	public void run(ProcessContext context) {
		while (true) {
			String text = new String(context.pop(TO_CHILD), StandardCharsets.UTF_8);
			if (text.equals("stop")) {
				return;
			}
			context.push(TO_PARENT, text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
		}
	}

}
