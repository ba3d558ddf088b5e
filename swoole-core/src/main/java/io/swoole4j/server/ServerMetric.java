package io.swoole4j.server;

import java.util.List;

/**
 * Read-only view of a server's counters (the numbers behind {@link Server#stats()}), its
 * reactor threads and its workers. Thread-safe; values may be slightly stale.
 */
public interface ServerMetric {

	/** Live connections ({@code connection_num}). */
	int connectionNum();

	/** Connections that got a session ({@code accept_count}). */
	long acceptCount();

	/** Connections closed after getting a session ({@code close_count}). */
	long closeCount();

	/**
	 * Connections rejected at accept, for example over {@code maxConnection}
	 * ({@code abort_count}).
	 */
	long abortCount();

	/** Packets handled by {@code onReceive} across workers ({@code request_count}). */
	long requestCount();

	/** Events dispatched to workers ({@code dispatch_count}). */
	long dispatchCount();

	/** Successful {@code send} calls ({@code response_count}). */
	long responseCount();

	/** Bytes read from clients. */
	long totalRecvBytes();

	/** Bytes written to clients. */
	long totalSendBytes();

	/** Per reactor thread views (empty before start). */
	List<ReactorThreadMetric> reactors();

	/** Per worker views (empty before start). */
	List<WorkerMetric> workers();

}
