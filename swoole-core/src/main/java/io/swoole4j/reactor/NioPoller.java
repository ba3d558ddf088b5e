package io.swoole4j.reactor;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The default {@link Poller}: one {@link Selector} (epoll, level-triggered, on Linux).
 * <p>
 * Polls with {@link Selector#select(Consumer, long)}, so no selected-key set fills and no
 * iterator is allocated per event: a steady loop allocates nothing here.
 * <p>
 * Threading: as {@link Poller}: {@link #wakeup()} from any thread, the rest from the loop
 * thread.
 */
public final class NioPoller implements Poller {

	private static final Consumer<SelectionKey> DISCARD = (key) -> {
	};

	private final Selector selector;

	private final Consumer<SelectionKey> dispatch = this::dispatch;

	private ReadySink sink;

	private NioPoller(Selector selector) {
		this.selector = selector;
	}

	/**
	 * Opens a poller on a new selector.
	 * @return the poller
	 * @throws IOException if no selector can be opened (e.g. out of descriptors)
	 */
	public static NioPoller open() throws IOException {
		return new NioPoller(Selector.open());
	}

	@Override
	public void register(Registration registration) throws IOException {
		var channel = registration.channel();
		channel.configureBlocking(false);
		SelectionKey stale = channel.keyFor(this.selector);
		if (stale != null && stale.isValid()) {
			throw new IllegalStateException("Channel already registered: " + channel);
		}
		if (stale != null) {
			// a key cancelled by remove() stays in the selector until its next select,
			// and register() throws CancelledKeyException meanwhile: flush it
			// (level-triggered events dropped by this select are reported again by the
			// next one)
			this.selector.selectNow(DISCARD);
		}
		registration.pollerKey(channel.register(this.selector, registration.interestOps(), registration));
	}

	@Override
	public void modify(Registration registration) throws IOException {
		try {
			((SelectionKey) registration.pollerKey()).interestOps(registration.interestOps());
		}
		catch (CancelledKeyException ex) {
			// the channel was closed without removing its registration first
			throw new ClosedChannelException();
		}
	}

	@Override
	public void deregister(Registration registration) {
		((SelectionKey) registration.pollerKey()).cancel();
	}

	@Override
	public int poll(long timeoutMillis, ReadySink sink) throws IOException {
		this.sink = sink;
		try {
			if (timeoutMillis == 0) {
				return this.selector.selectNow(this.dispatch);
			}
			if (timeoutMillis < 0) {
				return this.selector.select(this.dispatch);
			}
			return this.selector.select(this.dispatch, timeoutMillis);
		}
		finally {
			this.sink = null;
		}
	}

	private void dispatch(SelectionKey key) {
		// a handler earlier in this batch may have closed this channel
		if (key.isValid()) {
			this.sink.onReady((Registration) key.attachment(), key.readyOps());
		}
	}

	@Override
	public void wakeup() {
		this.selector.wakeup();
	}

	@Override
	public void close() throws IOException {
		this.selector.close();
	}

}
