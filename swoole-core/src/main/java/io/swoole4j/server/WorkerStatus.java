package io.swoole4j.server;

/** State of a worker, with Swoole's numbers ({@code getWorkerStatus}). */
public enum WorkerStatus {

	/** 1: running a callback. */
	BUSY,

	/** 2: waiting for events. */
	IDLE,

	/** 3: stopped. */
	EXIT

}
