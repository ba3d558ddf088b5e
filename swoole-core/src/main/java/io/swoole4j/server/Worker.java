package io.swoole4j.server;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.server.buffer.MpscLongQueue;
import io.swoole4j.server.message.DatagramDescriptor;
import io.swoole4j.server.message.MessageDescriptor;
import io.swoole4j.timer.Timer;

/**
 * One generation of a THREAD-mode worker: takes packet handles from its worker's queue,
 * runs the callback on a view of the ring slot, and frees the slot; between events it
 * runs its own timers ({@link Server#tick}). Never touches a socket.
 * <p>
 * A generation ends after {@link #stop()} once the queue is empty (shutdown), after
 * {@link #retire()} or its {@code maxRequest} budget once the current event is done (the
 * next generation takes over the same queue), or when a callback throws an {@link Error}
 * (a crash: no {@code onWorkerStop}). Either way its timers are cleared and its
 * {@link WorkerSlot} is told.
 */
final class Worker implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(Worker.class);

	/** Longest park while idle, so a stop request is seen even without a wakeup. */
	private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/**
	 * Polls of an empty queue before parking (well under a microsecond). Longer spins
	 * cost more than they save once reactors wake a worker once per pass: on two cores,
	 * echo-compare measured 200 polls at 1.13M / 102k msg/s (64 connections at depth 16 /
	 * depth 1), 20 at 1.26M / 111k, 0 at 1.20M / 120k (means of three runs).
	 */
	private static final int SPIN_POLLS = 20;

	final WorkerState state;

	private final Server server;

	private final Packet packet = new Packet();

	private ByteBuffer[] rings;

	private ByteBuffer[] cursors;

	private volatile Thread thread;

	private volatile boolean sleeping;

	private volatile boolean stopping;

	private volatile boolean retiring;

	private volatile boolean abandoned;

	// true from the moment an event (or a timer pass) was taken until it is done: an
	// abandoning thread that sees it knows the worker will not poll again
	private volatile boolean inEvent;

	private final EventWorkerSlot slot;

	final long generation;

	private final long requestLimit;

	private final Timer timer = new Timer(System::nanoTime, () -> Thread.currentThread() == this.thread);

	private final WorkerTimers timers = new WorkerTimers(this.timer);

	Worker(WorkerState state, Server server, EventWorkerSlot slot, long generation) {
		this.state = state;
		this.server = server;
		this.slot = slot;
		this.generation = generation;
		int max = server.config().maxRequest();
		int grace = server.config().maxRequestGrace();
		this.requestLimit = (max == 0) ? 0
				: max + ((grace > 0) ? ThreadLocalRandom.current().nextInt(1, grace + 1) : 0);
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

	/** Asks the worker to stop after its current event. Any thread. */
	void retire() {
		this.retiring = true;
		LockSupport.unpark(this.thread);
	}

	boolean isAlive() {
		Thread t = this.thread;
		return t != null && t.isAlive();
	}

	long threadId() {
		Thread t = this.thread;
		return (t != null) ? t.threadId() : -1;
	}

	/**
	 * See {@link WorkerSlot#abandon()}: returns once this generation has ended or is
	 * inside an event after which it exits without polling again.
	 */
	void abandon() {
		this.abandoned = true;
		Thread t = this.thread;
		if (t == null) {
			return;
		}
		t.interrupt();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		// a worker not inside an event is between two polls: it sees the flag within
		// microseconds and ends, so this wait is short
		while (t.isAlive() && !this.inEvent && System.nanoTime() - deadline < 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	@Override
	public void run() {
		Throwable crash = null;
		try {
			this.state.timers = this.timers;
			serve();
		}
		catch (Throwable ex) {
			crash = ex;
		}
		finally {
			this.timers.clearAll();
			if (this.state.timers == this.timers) {
				this.state.timers = null;
			}
			this.slot.exited(this, crash);
		}
		if (crash instanceof VirtualMachineError vm) {
			// the replacement is arranged; a VM error is never swallowed (as in
			// Server.callbackFailed): it ends this thread through its uncaught handler
			throw vm;
		}
	}

	private void serve() {
		this.server.workerStarted(this.state);
		this.slot.started(this);
		MpscLongQueue queue = this.state.queue;
		long startRequests = this.state.requests;
		while (!this.retiring && !this.abandoned) {
			if (this.state.inboxSize.get() != 0) {
				this.inEvent = true;
				try {
					runInbox();
				}
				finally {
					this.inEvent = false;
				}
			}
			runTimers();
			if (this.abandoned) {
				// abandoned during posted callbacks or timers: the queue is no longer
				// ours
				break;
			}
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
							LockSupport.parkNanos(this, parkNanos());
						}
						this.sleeping = false;
						continue;
					}
					this.sleeping = false;
				}
			}
			this.inEvent = true;
			try {
				process(entry);
			}
			catch (RuntimeException ex) {
				logger.error("Worker {} failed on an event", this.state.id, ex);
			}
			finally {
				this.inEvent = false;
			}
			if (this.requestLimit > 0 && this.state.requests - startRequests >= this.requestLimit) {
				logger.debug("Worker {} reached maxRequest ({} requests); recycling it", this.state.id,
						this.requestLimit);
				this.retiring = true;
			}
		}
		if (!this.abandoned) {
			this.server.workerStopped(this.state);
		}
	}

	private void runTimers() {
		if (this.timer.size() > 0 && this.timer.nextDelay() == 0) {
			this.inEvent = true;
			try {
				this.timer.processExpired();
			}
			finally {
				this.inEvent = false;
			}
		}
	}

	private long parkNanos() {
		long delay = (this.timer.size() > 0) ? this.timer.nextDelay() : -1;
		return (delay < 0) ? IDLE_PARK_NANOS : Math.min(IDLE_PARK_NANOS, TimeUnit.MILLISECONDS.toNanos(delay));
	}

	/**
	 * Shutdown: drops every queued entry and frees its slot; the caller is the queue's
	 * only consumer now (the worker ended or was abandoned).
	 * @return how many data packets were dropped
	 */
	static int refuseQueued(Server server, WorkerState state) {
		int refused = 0;
		long entry;
		while ((entry = state.queue.poll()) != MpscLongQueue.EMPTY) {
			ReactorThread reactor = server.reactorThreads()[ReactorThread.reactorOf(entry)];
			long handle = ReactorThread.handleOf(entry);
			if (MessageDescriptor.type(reactor.ringBuffer(), (int) handle) == MessageDescriptor.TYPE_RECEIVE) {
				refused++;
			}
			reactor.ring().free(handle);
			reactor.signalSpace();
		}
		return refused;
	}

	/**
	 * Polls a little before parking: the next packet may already be on its way, and
	 * waking a parked thread costs tens of microseconds on a small virtual machine; but a
	 * spinning worker takes the CPU its reactor needs to read that packet.
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
				if (c != null && !c.takeReceived(MessageDescriptor.length(ring, at))) {
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
