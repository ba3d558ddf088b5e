package io.swoole4j.reactor;

import java.io.IOException;

/**
 * The readiness back end of a {@link Reactor}: the strategy behind the loop, so a poller
 * on another mechanism (an FFM {@code epoll} poller) replaces {@link NioPoller} without
 * touching the loop.
 * <p>
 * Interest and ready operations use the {@link java.nio.channels.SelectionKey} bits
 * ({@code OP_READ}, {@code OP_WRITE}, {@code OP_ACCEPT}, {@code OP_CONNECT}). An
 * implementation keeps its per-channel state in the registration's poller key (see
 * {@link Registration}), which is why implementations live in this package.
 * <p>
 * Threading: every method except {@link #wakeup()} is called by the loop thread only.
 * {@link #wakeup()} may be called from any thread at any time, also before the first and
 * after the last poll.
 */
public interface Poller extends AutoCloseable {

	/**
	 * Starts watching the registration's channel for its interest operations.
	 * @param registration the new registration
	 * @throws IOException if the back end refuses the channel (e.g. it is closed)
	 */
	void register(Registration registration) throws IOException;

	/**
	 * Applies the registration's changed interest operations.
	 * @param registration an active registration
	 * @throws IOException if the back end refuses the change
	 */
	void modify(Registration registration) throws IOException;

	/**
	 * Stops watching the registration's channel. Never fails; the channel stays open.
	 * @param registration an active registration
	 */
	void deregister(Registration registration);

	/**
	 * Waits for readiness and reports each ready channel once to the sink.
	 * @param timeoutMillis {@code 0} returns at once, a negative value waits until an
	 * event or a {@link #wakeup()}, a positive value waits at most that long
	 * @param sink receives the ready channels, in the order the back end reports them
	 * @return how many channels were reported
	 * @throws IOException if the back end itself failed
	 */
	int poll(long timeoutMillis, ReadySink sink) throws IOException;

	/**
	 * Makes the current or the next {@link #poll} return at once. Thread-safe.
	 */
	void wakeup();

	/**
	 * Releases the back end. Registrations left are dropped; their channels stay open.
	 * @throws IOException if releasing failed
	 */
	@Override
	void close() throws IOException;

	/**
	 * Receives ready channels from {@link Poller#poll}.
	 */
	@FunctionalInterface
	interface ReadySink {

		/**
		 * Reports one ready channel.
		 * @param registration its registration
		 * @param readyOps the ready operations, {@link java.nio.channels.SelectionKey}
		 * bits
		 */
		void onReady(Registration registration, int readyOps);

	}

	/**
	 * Opens a poller; the reactor calls it from {@link Reactor#start()}.
	 */
	@FunctionalInterface
	interface Factory {

		/**
		 * Opens a poller.
		 * @return a new poller
		 * @throws IOException if the back end cannot be opened
		 */
		Poller open() throws IOException;

	}

}
