package io.swoole4j.process;

/**
 * Reacts to an OS signal. Runs on a short-lived thread the JVM starts for each delivered
 * signal, so it may block briefly but should hand long work to another thread. An
 * exception it throws is logged and counted, and never stops the other handlers.
 */
@FunctionalInterface
public interface SignalHandler {

	/**
	 * Handles one delivery.
	 * @param signal the signal that arrived
	 */
	void onSignal(Signal signal);

}
