package io.swoole4j.reactor;

import java.nio.channels.SelectableChannel;

/**
 * The handle of one channel registered with a {@link Reactor}: its channel, handler,
 * interest operations and a free attachment (the caller's per-connection context).
 * <p>
 * Threading: confined to the reactor's loop thread, like the reactor's
 * {@code register}/{@code modify}/{@code remove}. The getters may be read from other
 * threads for diagnostics, without guarantees of freshness.
 */
public final class Registration {

	private final Reactor reactor;

	private final SelectableChannel channel;

	private final ChannelHandler handler;

	private Object attachment;

	private int interestOps;

	private boolean active;

	// position in the reactor's registration array, for O(1) removal
	private int index = -1;

	// the poller's own handle: a SelectionKey for NioPoller, a descriptor for an epoll
	// poller
	private Object pollerKey;

	Registration(Reactor reactor, SelectableChannel channel, int interestOps, ChannelHandler handler,
			Object attachment) {
		this.reactor = reactor;
		this.channel = channel;
		this.interestOps = interestOps;
		this.handler = handler;
		this.attachment = attachment;
	}

	/**
	 * The reactor this registration belongs to.
	 * @return the reactor
	 */
	public Reactor reactor() {
		return this.reactor;
	}

	/**
	 * The registered channel.
	 * @return the channel
	 */
	public SelectableChannel channel() {
		return this.channel;
	}

	/**
	 * The handler that receives this channel's readiness.
	 * @return the handler
	 */
	public ChannelHandler handler() {
		return this.handler;
	}

	/**
	 * The caller's context object.
	 * @return the attachment, or {@code null} if none
	 */
	public Object attachment() {
		return this.attachment;
	}

	/**
	 * Replaces the caller's context object.
	 * @param attachment the new attachment, may be {@code null}
	 */
	public void attach(Object attachment) {
		this.attachment = attachment;
	}

	/**
	 * The operations watched, {@link java.nio.channels.SelectionKey} bits.
	 * @return the interest set
	 */
	public int interestOps() {
		return this.interestOps;
	}

	/**
	 * Changes the operations watched; same as {@link Reactor#modify}.
	 * @param ops the new interest set
	 * @return {@code false} if the registration is no longer active
	 */
	public boolean interestOps(int ops) {
		return this.reactor.modify(this, ops);
	}

	/**
	 * Whether the channel is still registered: {@code false} once removed or closed, or
	 * once the reactor stopped.
	 * @return the state
	 */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * Removes this registration and closes its channel. Loop thread only. Idempotent. A
	 * failure to close the channel is logged at debug level (the descriptor is gone
	 * either way).
	 */
	public void close() {
		this.reactor.close(this);
	}

	Object pollerKey() {
		return this.pollerKey;
	}

	void pollerKey(Object key) {
		this.pollerKey = key;
	}

	void active(boolean active) {
		this.active = active;
	}

	int index() {
		return this.index;
	}

	void index(int index) {
		this.index = index;
	}

	void interestOpsUnchecked(int ops) {
		this.interestOps = ops;
	}

	@Override
	public String toString() {
		return "Registration[" + this.channel + ", ops=" + this.interestOps + ", active=" + this.active + "]";
	}

}
