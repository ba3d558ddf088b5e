package io.swoole4j.reactor;

import java.io.IOException;

/**
 * Receives readiness of one registered channel.
 * <p>
 * Called on the reactor's loop thread only. For one ready channel in one pass,
 * {@link #onReadable} runs before {@link #onWritable}, and no method runs after the
 * registration was {@link Reactor#remove removed} or {@link Registration#close closed},
 * even later in the same pass.
 * <p>
 * A method that throws is logged and counted in {@link ReactorMetric#handlerErrors()},
 * and the reactor then closes the registration (removes it and closes its channel): a
 * level-triggered channel whose handler keeps failing would otherwise fail on every pass.
 * The loop itself keeps running.
 */
public interface ChannelHandler {

	/**
	 * The channel is readable ({@link java.nio.channels.SelectionKey#OP_READ}) or has a
	 * connection to accept ({@link java.nio.channels.SelectionKey#OP_ACCEPT}); also
	 * reported at end of stream and on errors while read interest is set.
	 * @param registration the channel's registration
	 * @throws IOException to have the reactor log it and close the registration
	 */
	void onReadable(Registration registration) throws IOException;

	/**
	 * The channel is writable ({@link java.nio.channels.SelectionKey#OP_WRITE}) or its
	 * connect finished ({@link java.nio.channels.SelectionKey#OP_CONNECT}). The default
	 * does nothing.
	 * @param registration the channel's registration
	 * @throws IOException to have the reactor log it and close the registration
	 */
	default void onWritable(Registration registration) throws IOException {
	}

}
