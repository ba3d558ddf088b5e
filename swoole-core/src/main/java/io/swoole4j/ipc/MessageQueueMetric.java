package io.swoole4j.ipc;

/**
 * A read-only view of a {@link MessageQueue}: this JVM's traffic on it plus what the
 * kernel reports now.
 * <p>
 * Thread-safe.
 */
public interface MessageQueueMetric {

	/**
	 * Returns the messages this JVM pushed through this handle.
	 * @return the count
	 */
	long pushed();

	/**
	 * Returns the messages this JVM popped through this handle.
	 * @return the count
	 */
	long popped();

	/**
	 * Returns how many non-blocking pushes found the queue full.
	 * @return the count
	 */
	long pushesRefused();

	/**
	 * Returns the messages queued now, from every process.
	 * @return the count, or -1 if the queue no longer exists
	 */
	long queuedMessages();

	/**
	 * Returns the payload bytes queued now, from every process.
	 * @return bytes, or -1 if the queue no longer exists
	 */
	long queuedBytes();

}
