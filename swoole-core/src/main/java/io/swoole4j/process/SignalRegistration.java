package io.swoole4j.process;

/**
 * A handler registered with {@link Signals#handle}; closing it unregisters the handler.
 * When the last handler of a signal goes, the handler that was installed before the first
 * one (usually the JVM's) is restored.
 */
public interface SignalRegistration extends AutoCloseable {

	/**
	 * Returns the signal this registration is for.
	 * @return the signal
	 */
	Signal signal();

	/**
	 * Unregisters the handler. Idempotent.
	 */
	@Override
	void close();

}
