package io.swoole4j.server;

/** Kinds of events delivered to workers, as seen by a {@link DispatchFunction}. */
public enum ServerEvent {

	/** A connection was accepted. */
	CONNECT,

	/** A packet arrived. */
	RECEIVE,

	/** A connection was closed. */
	CLOSE,

	/** The output queue reached the high watermark. */
	BUFFER_FULL,

	/** The output queue drained to the low watermark. */
	BUFFER_EMPTY

}
