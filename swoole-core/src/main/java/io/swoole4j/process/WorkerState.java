package io.swoole4j.process;

/**
 * Where a {@link ProcessPool} worker slot is in its life.
 */
public enum WorkerState {

	/** Its JVM is launched and has not connected yet. */
	STARTING,

	/** Its JVM runs and is connected. */
	RUNNING,

	/** Its process ended; it is restarted after the back-off. */
	WAITING,

	/** The pool stopped it for good. */
	STOPPED

}
