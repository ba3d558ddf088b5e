package io.swoole4j.server;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.server.buffer.MpscLongQueue;
import io.swoole4j.server.message.DatagramDescriptor;
import io.swoole4j.server.message.MessageDescriptor;

/**
 * A THREAD-mode worker: takes packet handles from its queue, runs the callback on a view
 * of the ring slot, and frees the slot. Never touches a socket.
 */
final class Worker implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	/** Longest park while idle, so a stop request is seen even without a wakeup. */
	private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** Polls of an empty queue before parking (a few microseconds). */
	private static final int SPIN_POLLS = 200;

	final WorkerState state;

	private final Server server;

	private final Packet packet = new Packet();

	private ByteBuffer[] rings;

	private ByteBuffer[] cursors;

	private volatile Thread thread;

	private volatile boolean sleeping;

	private volatile boolean stopping;

	Worker(WorkerState state, Server server) {
		this.state = state;
		this.server = server;
	}

	void start() {
		ReactorThread[] reactors = this.server.reactorThreads();
		this.rings = new ByteBuffer[reactors.length];
		this.cursors = new ByteBuffer[reactors.length];
		for (int i = 0; i < reactors.length; i++) {
			this.rings[i] = reactors[i].ringBuffer().duplicate();
			this.cursors[i] = reactors[i].ringBuffer().duplicate();
		}
		Thread t = Thread.ofPlatform().name("swoole-worker-" + this.state.id).unstarted(this);
		this.thread = t;
		t.start();
	}

	/** Wakes the worker if it is parked. Any thread. */
	void wake() {
		if (this.sleeping) {
			this.sleeping = false;
			LockSupport.unpark(this.thread);
		}
	}

	/** Asks the worker to stop once its queue is empty. */
	void stop() {
		this.stopping = true;
		LockSupport.unpark(this.thread);
	}

	boolean join(long millis) throws InterruptedException {
		Thread t = this.thread;
		return t == null || t.join(java.time.Duration.ofMillis(Math.max(1, millis)));
	}

	@Override
	public void run() {
		this.server.workerStarted(this.state);
		MpscLongQueue queue = this.state.queue;
		while (true) {
			runInbox();
			long entry = queue.poll();
			if (entry == MpscLongQueue.EMPTY) {
				if (this.stopping && this.state.inboxSize.get() == 0) {
					break;
				}
				entry = spin(queue);
				if (entry == MpscLongQueue.EMPTY) {
					this.sleeping = true;
					entry = queue.poll();
					if (entry == MpscLongQueue.EMPTY) {
						if (this.state.inboxSize.get() == 0) {
							LockSupport.parkNanos(this, IDLE_PARK_NANOS);
						}
						this.sleeping = false;
						continue;
					}
					this.sleeping = false;
				}
			}
			try {
				process(entry);
			}
			catch (RuntimeException ex) {
				logger.error("Worker {} failed on an event", this.state.id, ex);
			}
		}
		this.server.workerStopped(this.state);
	}

	/**
	 * Polls a little longer before parking: a request/response exchange usually brings
	 * the next packet within microseconds, and waking a parked thread costs tens of
	 * microseconds on a small virtual machine.
	 */
	private static long spin(MpscLongQueue queue) {
		for (int i = 0; i < SPIN_POLLS; i++) {
			Thread.onSpinWait();
			long entry = queue.poll();
			if (entry != MpscLongQueue.EMPTY) {
				return entry;
			}
		}
		return MpscLongQueue.EMPTY;
	}

	/**
	 * Runs callbacks posted to this worker (task results, pipe messages), at most a
	 * batch, so packets keep flowing under a stream of posts.
	 */
	private void runInbox() {
		if (this.state.inboxSize.get() == 0) {
			return;
		}
		int ran = 0;
		Runnable callback;
		while (ran < 32 && (callback = this.state.inbox.poll()) != null) {
			this.state.inboxSize.decrementAndGet();
			ran++;
			try {
				callback.run();
			}
			catch (RuntimeException ex) {
				logger.error("Worker {} failed on a posted callback", this.state.id, ex);
			}
		}
	}

	private void process(long entry) {
		int reactorId = ReactorThread.reactorOf(entry);
		long handle = ReactorThread.handleOf(entry);
		ReactorThread reactor = this.server.reactorThreads()[reactorId];
		ByteBuffer ring = this.rings[reactorId];
		int at = (int) handle;
		try {
			long sessionId = MessageDescriptor.sessionId(ring, at);
			byte type = MessageDescriptor.type(ring, at);
			Connection c = this.server.table().get(sessionId);
			if (type == DatagramDescriptor.TYPE_DATAGRAM) {
				this.server.callDatagram(this.state, ring, at + MessageDescriptor.HEADER_LENGTH,
						MessageDescriptor.length(ring, at));
				return;
			}
			if (type == MessageDescriptor.TYPE_RECEIVE) {
				if (c != null) {
					c.recvQueued.addAndGet(-MessageDescriptor.length(ring, at));
				}
				// as Swoole without discard_timeout_request: a packet whose session the
				// client closed meanwhile is still delivered; one the application closed
				// is not
				if (c != null && c.closedByServer) {
					logger.debug("Discarding a packet of closed session {}", sessionId);
					return;
				}
				this.packet.bind(ring, this.cursors[reactorId], at + MessageDescriptor.HEADER_LENGTH,
						MessageDescriptor.length(ring, at));
				try {
					this.server.callReceive(this.state, sessionId, reactorId, this.packet);
				}
				finally {
					this.packet.unbind();
				}
				return;
			}
			if (c == null) {
				return;
			}
			ServerEvent event = switch (type) {
				case MessageDescriptor.TYPE_CONNECT -> ServerEvent.CONNECT;
				case MessageDescriptor.TYPE_CLOSE -> ServerEvent.CLOSE;
				case MessageDescriptor.TYPE_BUFFER_FULL -> ServerEvent.BUFFER_FULL;
				default -> ServerEvent.BUFFER_EMPTY;
			};
			boolean byApplication = (MessageDescriptor.flags(ring, at) & MessageDescriptor.FLAG_SERVER_CLOSE) != 0;
			this.server.callEvent(this.state, c, event, byApplication, reactorId);
		}
		finally {
			reactor.ring().free(handle);
			reactor.signalSpace();
		}
	}

}
