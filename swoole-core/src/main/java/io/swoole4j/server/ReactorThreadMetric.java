package io.swoole4j.server;

import io.swoole4j.memory.MemoryPoolMetric;
import io.swoole4j.reactor.ReactorMetric;

/**
 * Read-only view of one reactor thread of a server (in BASE mode, one event loop).
 * Thread-safe; values may be slightly stale.
 */
public interface ReactorThreadMetric {

	/** The reactor id. */
	int reactorId();

	/** Connections owned by this reactor thread. */
	int connections();

	/** Bytes read from clients. */
	long totalRecvBytes();

	/** Bytes written to clients. */
	long totalSendBytes();

	/** Packets handed to workers (THREAD) or to callbacks (BASE). */
	long packetsDispatched();

	/**
	 * Connections whose reading is stopped because the packet ring or a worker queue is
	 * full.
	 */
	int blockedConnections();

	/** Connections closed for a framing error (oversize or malformed packet). */
	long protocolErrors();

	/** The underlying event loop's counters. */
	ReactorMetric loop();

	/** The chunk pool holding connection input and output. */
	MemoryPoolMetric chunkPool();

	/** Chunks taken from the heap because the chunk pool was exhausted or too small. */
	long heapChunkAllocations();

	/** Heap chunks currently in use (0 when idle). */
	int heapChunksInUse();

	/** The packet ring carrying packets to workers, or null in BASE mode. */
	MemoryPoolMetric packetRing();

}
