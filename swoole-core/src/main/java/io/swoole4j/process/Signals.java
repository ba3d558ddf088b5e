package io.swoole4j.process;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;
import io.swoole4j.internal.Native;

/**
 * Handles and sends OS signals (Swoole's {@code Process::signal} and
 * {@code Process::kill}).
 * <p>
 * Handling rests on {@code sun.misc.Signal} (module {@code jdk.unsupported}), which
 * HotSpot supports for {@link Signal#HUP HUP}, {@link Signal#INT INT}, {@link Signal#TERM
 * TERM}, {@link Signal#USR1 USR1} and {@link Signal#USR2 USR2}. For each signal one
 * dispatcher is installed the first time a handler registers; it runs every registered
 * handler, newest first, and then the handler that was installed before it if that is a
 * Java handler. That chaining matters for HUP, INT and TERM: the JVM's own handler for
 * them runs the shutdown hooks (and so Spring's graceful shutdown) and exits, so a
 * handler of ours observes the signal but does not stop the JVM from ending. Where the
 * JVM installed none (it runs with {@code -Xrs}) the dispatcher ends the JVM itself with
 * exit status 128 + the signal number, as the default action would.
 * <p>
 * Thread-safe. Handlers run on a thread the JVM starts per delivery.
 */
public final class Signals {

	private static final Logger logger = LoggerFactory.getLogger(Signals.class);

	private static final Map<Signal, Dispatcher> dispatchers = new EnumMap<>(Signal.class);

	private static final LongAdder handlerFailures = new LongAdder();

	private Signals() {
	}

	/**
	 * Registers a handler for a signal.
	 * @param signal HUP, INT, TERM, USR1 or USR2
	 * @param handler what to run when it arrives
	 * @return the registration; close it to unregister
	 * @throws IllegalArgumentException if the signal cannot be handled (KILL) or the JVM
	 * refuses it (for example with {@code -Xrs} for some signals)
	 */
	public static synchronized SignalRegistration handle(Signal signal, SignalHandler handler) {
		Checks.checkNotNull(signal, "signal");
		Checks.checkNotNull(handler, "handler");
		if (signal == Signal.KILL) {
			throw Checks.fail("signal", signal, "one of HUP, INT, TERM, USR1, USR2");
		}
		Dispatcher dispatcher = dispatchers.get(signal);
		if (dispatcher == null) {
			dispatcher = new Dispatcher(signal);
			dispatcher.install();
			dispatchers.put(signal, dispatcher);
		}
		Registration registration = new Registration(signal, handler);
		dispatcher.handlers.addFirst(registration);
		return registration;
	}

	private static synchronized void unregister(Registration registration) {
		Dispatcher dispatcher = dispatchers.get(registration.signal);
		if (dispatcher == null || !dispatcher.handlers.remove(registration)) {
			return;
		}
		if (dispatcher.handlers.isEmpty()) {
			dispatcher.restore();
			dispatchers.remove(registration.signal);
		}
	}

	/**
	 * Tells whether a handler of ours is registered for a signal.
	 * @param signal the signal
	 * @return true if at least one is
	 */
	public static synchronized boolean isHandled(Signal signal) {
		return dispatchers.containsKey(signal);
	}

	/**
	 * Sends a signal to a process with kill(2).
	 * @param pid the process id, &gt; 0
	 * @param signal the signal
	 * @return true if sent, false if no such process exists or this one may not signal it
	 */
	public static boolean kill(long pid, Signal signal) {
		Checks.checkNotNull(signal, "signal");
		return kill(pid, signal.number());
	}

	/**
	 * Sends a signal by number; 0 only checks that the process exists.
	 * @param pid the process id, &gt; 0
	 * @param signal the signal number, 0 to 64
	 * @return true if sent, false if no such process exists or this one may not signal it
	 */
	public static boolean kill(long pid, int signal) {
		Checks.checkInRange(pid, 1, Integer.MAX_VALUE, "pid");
		Checks.checkInRange(signal, 0, 64, "signal");
		return Native.kill((int) pid, signal) == 0;
	}

	/**
	 * Returns how many handler invocations threw.
	 * @return the failures since the JVM started
	 */
	public static long handlerFailures() {
		return handlerFailures.sum();
	}

	private static final class Dispatcher implements sun.misc.SignalHandler {

		private final Signal signal;

		private final sun.misc.Signal osSignal;

		private final List<Registration> handlers = new CopyOnWriteArrayList<>();

		private sun.misc.SignalHandler previous;

		Dispatcher(Signal signal) {
			this.signal = signal;
			this.osSignal = new sun.misc.Signal(signal.name());
		}

		void install() {
			try {
				this.previous = sun.misc.Signal.handle(this.osSignal, this);
			}
			catch (IllegalArgumentException ex) {
				throw Checks.fail("signal", this.signal, "a signal the JVM lets us handle (" + ex.getMessage() + ")");
			}
			logger.debug("Installed handler for SIG{}; previous: {}", this.signal, this.previous);
		}

		void restore() {
			sun.misc.Signal.handle(this.osSignal, this.previous);
			logger.debug("Restored previous handler for SIG{}", this.signal);
		}

		@Override
		public void handle(sun.misc.Signal received) {
			for (Registration registration : this.handlers) {
				try {
					registration.handler.onSignal(this.signal);
				}
				catch (RuntimeException | Error ex) {
					handlerFailures.increment();
					logger.warn("Handler for SIG{} failed", this.signal, ex);
				}
			}
			sun.misc.SignalHandler chained = this.previous;
			if (chained == sun.misc.SignalHandler.SIG_IGN) {
				return;
			}
			if (chained != sun.misc.SignalHandler.SIG_DFL) {
				try {
					chained.handle(received);
					return;
				}
				catch (UnsupportedOperationException ex) {
					// a native handler (the JVM's own or SIG_DFL in disguise) cannot be
					// called from Java: treat it as the default action below
				}
			}
			if (this.signal.terminatesJvm()) {
				Runtime.getRuntime().exit(128 + this.signal.number());
			}
		}

	}

	private static final class Registration implements SignalRegistration {

		private final Signal signal;

		private final SignalHandler handler;

		private final AtomicBoolean closed = new AtomicBoolean();

		Registration(Signal signal, SignalHandler handler) {
			this.signal = signal;
			this.handler = handler;
		}

		@Override
		public Signal signal() {
			return this.signal;
		}

		@Override
		public void close() {
			if (this.closed.compareAndSet(false, true)) {
				unregister(this);
			}
		}

	}

}
