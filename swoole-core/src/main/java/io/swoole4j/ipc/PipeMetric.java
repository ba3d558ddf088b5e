package io.swoole4j.ipc;

/**
 * A read-only view of one pipe end's traffic, counted in this JVM since the end was
 * opened.
 * <p>
 * Thread-safe; values are eventually consistent snapshots.
 */
public interface PipeMetric {

	/**
	 * Returns the kind of pipe.
	 * @return {@code "stream"}, {@code "message"} or {@code "event"}
	 */
	String kind();

	/**
	 * Returns how many write calls transferred something (messages for a message pipe,
	 * notifications for an event pipe).
	 * @return the count
	 */
	long writes();

	/**
	 * Returns how many read calls returned something.
	 * @return the count
	 */
	long reads();

	/**
	 * Returns the payload bytes written (framing excluded; 8 per event notification).
	 * @return bytes
	 */
	long bytesWritten();

	/**
	 * Returns the payload bytes read.
	 * @return bytes
	 */
	long bytesRead();

}
