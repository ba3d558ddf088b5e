package io.swoole4j.ipc;

/**
 * A read-only view of a {@link Channel}: its fill and the counters every JVM using it
 * updates in the shared region.
 * <p>
 * Thread-safe; values are read without the channel's lock, so they may be a moment apart
 * from each other.
 */
public interface ChannelMetric {

	/**
	 * Returns the ring's size.
	 * @return bytes
	 */
	long capacity();

	/**
	 * Returns the messages queued.
	 * @return the count
	 */
	long queuedMessages();

	/**
	 * Returns the payload bytes queued.
	 * @return bytes
	 */
	long queuedBytes();

	/**
	 * Returns the messages ever pushed, by any JVM.
	 * @return the count
	 */
	long pushed();

	/**
	 * Returns the messages ever popped, by any JVM.
	 * @return the count
	 */
	long popped();

	/**
	 * Returns the pushes refused because the ring was full.
	 * @return the count
	 */
	long pushesRefused();

}
