package io.swoole4j.process;

/**
 * What a child process started by {@link Process} runs: Swoole's process callback. The
 * class needs a public no-argument constructor; the child creates one instance, calls
 * {@link #run} once on its main thread and exits with status 0 when it returns, or 1 when
 * it throws (the exception is logged). Call {@link ProcessContext#exit(int)} to end with
 * another code.
 * <p>
 * A class with a {@code public static void main(String[])} can be started instead; it
 * reaches its context through {@link ProcessContext#current()}, and its JVM ends as any
 * Java program's does: when its last non-daemon thread ends (or its parent dies).
 */
@FunctionalInterface
public interface ProcessEntry {

	/**
	 * Runs the child's work.
	 * @param context the pipe and queue to the parent, the name, the parent's pid
	 * @throws Exception any failure; the child then exits with status 1
	 */
	void run(ProcessContext context) throws Exception;

}
