package io.swoole4j.process;

/**
 * An entry that fails as soon as it runs.
 */
public class CrashEntry implements ProcessEntry {

	@Override
	public void run(ProcessContext context) {
		throw new IllegalStateException("worker " + context.id() + " crashes on purpose");
	}

}
