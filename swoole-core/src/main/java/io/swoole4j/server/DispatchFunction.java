package io.swoole4j.server;

/**
 * Chooses the worker for an event in dispatch mode 6 ({@code dispatch_func}). Runs on a
 * reactor thread for every event, so it must be fast and must not block.
 */
@FunctionalInterface
public interface DispatchFunction {

	/** Drop this packet. */
	int DISCARD = -1;

	/** Close the connection (the packet is dropped). */
	int CLOSE = -2;

	/** Use dispatch mode 2 ({@link DispatchMode#FDMOD}) for this event. */
	int FALLBACK = -3;

	/**
	 * Returns the worker id in {@code [0, workerNum)}, or {@link #DISCARD},
	 * {@link #CLOSE} or {@link #FALLBACK}. An id out of range is logged and treated as
	 * {@link #DISCARD}. For connection events ({@code type} other than
	 * {@link ServerEvent#RECEIVE}) negative results fall back to mode 2, because those
	 * events cannot be dropped. An exception is logged and treated as {@link #FALLBACK}.
	 * @param server the server
	 * @param sessionId the connection
	 * @param type the event
	 * @param data the packet for {@link ServerEvent#RECEIVE}, null otherwise; valid only
	 * during the call
	 */
	int dispatch(Server server, long sessionId, ServerEvent type, Packet data);

}
