package io.swoole4j.spring.boot.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.swoole4j.memory.MemoryPoolMetric;
import io.swoole4j.server.ClientInfo;
import io.swoole4j.server.Port;
import io.swoole4j.server.ReactorThreadMetric;
import io.swoole4j.server.Server;
import io.swoole4j.server.WorkerMetric;
import io.swoole4j.server.task.TaskMetric;
import io.swoole4j.server.task.TaskWorkerMetric;
import io.swoole4j.spring.boot.metrics.SwooleMemoryPoolMetrics;
import io.swoole4j.table.Column;
import io.swoole4j.table.Table;

/**
 * The {@code swoole} Actuator endpoint: the server's {@code stats()}, its listening
 * ports, reactor threads, workers and task workers, a page of connections, the Tables and
 * the memory pools; and a {@code reload} write operation. The default access is
 * read-only, so {@code reload} is off unless
 * {@code management.endpoint.swoole.access=unrestricted}.
 * <p>
 * Connections come a page at a time: {@code ?after=<last session id>&count=<1..100>}.
 */
@Endpoint(id = "swoole", defaultAccess = Access.READ_ONLY)
public class SwooleEndpoint {

	/** Connections listed when no {@code count} is given. */
	static final int DEFAULT_PAGE_SIZE = 20;

	private final Server server;

	private final Map<String, Table> tables;

	/**
	 * Creates the endpoint.
	 * @param server the server to describe
	 * @param tables the tables to summarise, by bean name
	 */
	public SwooleEndpoint(Server server, Map<String, Table> tables) {
		this.server = server;
		this.tables = new LinkedHashMap<>(tables);
	}

	/**
	 * Describes the server.
	 * @param after list connections with a session id above this (0 or absent for the
	 * first page)
	 * @param count connections to list, 1 to 100 ({@value #DEFAULT_PAGE_SIZE} if absent)
	 * @return the description
	 */
	@ReadOperation
	public SwooleDescriptor swoole(@Nullable Long after, @Nullable Integer count) {
		List<ReactorDescriptor> reactors = new ArrayList<>();
		for (ReactorThreadMetric reactor : this.server.metric().reactors()) {
			reactors.add(ReactorDescriptor.of(reactor));
		}
		Map<String, PoolDescriptor> pools = new LinkedHashMap<>();
		SwooleMemoryPoolMetrics.poolsOf(this.server).forEach((name, pool) -> pools.put(name, PoolDescriptor.of(pool)));
		List<WorkerDescriptor> workers = this.server.metric().workers().stream().map(WorkerDescriptor::of).toList();
		Map<String, TableDescriptor> tables = new LinkedHashMap<>();
		this.tables.forEach((name, table) -> tables.put(name, TableDescriptor.of(table)));
		List<ListenerDescriptor> listeners = this.server.listeners().stream().map(ListenerDescriptor::of).toList();
		TaskDescriptor tasks = (this.server.config().taskWorkerNum() > 0) ? TaskDescriptor.of(this.server.taskMetric())
				: null;
		return new SwooleDescriptor(this.server.isRunning(), this.server.port(), this.server.config().mode().name(),
				this.server.stats(), listeners, reactors, workers, tasks,
				connections((after != null) ? after : 0, (count != null) ? count : DEFAULT_PAGE_SIZE), tables, pools);
	}

	/**
	 * Replaces every worker (or only the task workers) with a new thread of the same id
	 * (Swoole's {@code reload}), without touching connections or the listening sockets.
	 * Returns at once; the reload runs in the background.
	 * @param taskWorkersOnly whether to replace only the task workers (false if absent)
	 * @return whether the reload started: false when the server is not running or a
	 * reload is already running
	 */
	@WriteOperation
	public ReloadDescriptor reload(@Nullable Boolean taskWorkersOnly) {
		boolean taskOnly = Boolean.TRUE.equals(taskWorkersOnly);
		return new ReloadDescriptor(this.server.reload(taskOnly), taskOnly);
	}

	private ConnectionPage connections(long after, int count) {
		int pageSize = Math.clamp(count, 1, Server.MAX_FIND_COUNT);
		if (!this.server.isRunning()) {
			return new ConnectionPage(after, List.of(), null);
		}
		long[] ids = this.server.getClientList(Math.max(0, after), pageSize);
		List<ConnectionDescriptor> items = new ArrayList<>(ids.length);
		for (long id : ids) {
			ClientInfo info = this.server.getClientInfo(id);
			if (info != null) {
				items.add(ConnectionDescriptor.of(info));
			}
		}
		Long next = (ids.length == pageSize) ? ids[ids.length - 1] : null;
		return new ConnectionPage(after, items, next);
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param running whether the server is running
	 * @param port the bound port, or -1
	 * @param mode the execution model
	 * @param stats Swoole's {@code stats()}
	 * @param listeners every listening port, the primary one first
	 * @param reactors each reactor thread (each event loop in base mode)
	 * @param workers each worker
	 * @param tasks the task workers, or null without them
	 * @param connections a page of connections
	 * @param tables each table by bean name
	 * @param pools each memory pool by name
	 */
	public record SwooleDescriptor(boolean running, int port, String mode, Map<String, Long> stats,
			List<ListenerDescriptor> listeners, List<ReactorDescriptor> reactors, List<WorkerDescriptor> workers,
			@Nullable TaskDescriptor tasks, ConnectionPage connections, Map<String, TableDescriptor> tables,
			Map<String, PoolDescriptor> pools) {
	}

	/**
	 * The answer to {@code reload}.
	 *
	 * @param started whether the reload started
	 * @param taskWorkersOnly whether it replaces only the task workers
	 */
	public record ReloadDescriptor(boolean started, boolean taskWorkersOnly) {
	}

	/**
	 * One listening port.
	 *
	 * @param type TCP, UDP or UNIX_STREAM
	 * @param host the address, or the socket file path
	 * @param port the bound port (0 for a Unix socket, -1 before start)
	 * @param stats its counters ({@code connection_num}, {@code accept_count}, ...)
	 */
	public record ListenerDescriptor(String type, String host, int port, Map<String, Long> stats) {

		static ListenerDescriptor of(Port p) {
			return new ListenerDescriptor(p.type().name(), p.host(), p.port(), p.stats());
		}

	}

	/**
	 * The task workers.
	 *
	 * @param taskWorkerNum configured task workers
	 * @param idleWorkers task workers idle now
	 * @param queued tasks queued and not yet started
	 * @param queuedBytes bytes of the queued tasks
	 * @param running tasks whose onTask is running
	 * @param accepted tasks accepted
	 * @param done tasks whose onTask returned
	 * @param failed tasks whose onTask threw
	 * @param refused calls that could not queue a task
	 * @param dropped tasks still queued at shutdown, never run
	 * @param lateResults taskwait results that arrived after their caller gave up
	 * @param workers each task worker
	 */
	public record TaskDescriptor(int taskWorkerNum, int idleWorkers, int queued, long queuedBytes, int running,
			long accepted, long done, long failed, long refused, long dropped, long lateResults,
			List<TaskWorkerDescriptor> workers) {

		static TaskDescriptor of(TaskMetric t) {
			return new TaskDescriptor(t.taskWorkerNum(), t.idleWorkerCount(), t.queuedCount(), t.queuedBytes(),
					t.runningCount(), t.acceptedCount(), t.doneCount(), t.failedCount(), t.refusedCount(),
					t.droppedCount(), t.lateResultCount(), t.workers().stream().map(TaskWorkerDescriptor::of).toList());
		}

	}

	/**
	 * One task worker.
	 *
	 * @param id the worker id (at least {@code worker-num})
	 * @param status BUSY, IDLE or EXIT
	 * @param tasks tasks it ran
	 * @param errors onTask calls that threw
	 * @param queued messages waiting in its own queue
	 */
	public record TaskWorkerDescriptor(int id, String status, long tasks, long errors, int queued) {

		static TaskWorkerDescriptor of(TaskWorkerMetric w) {
			return new TaskWorkerDescriptor(w.workerId(), w.status().name(), w.taskCount(), w.callbackErrors(),
					w.queuedMessages());
		}

	}

	/**
	 * One reactor thread.
	 *
	 * @param id the reactor id
	 * @param connections connections it owns
	 * @param blockedConnections connections whose reading is paused by back-pressure
	 * @param packetsDispatched packets handed on
	 * @param receivedBytes bytes read
	 * @param sentBytes bytes written
	 * @param protocolErrors connections closed for a framing error
	 * @param loops passes of its loop
	 * @param events ready channels dispatched
	 */
	public record ReactorDescriptor(int id, int connections, int blockedConnections, long packetsDispatched,
			long receivedBytes, long sentBytes, long protocolErrors, long loops, long events) {

		static ReactorDescriptor of(ReactorThreadMetric r) {
			return new ReactorDescriptor(r.reactorId(), r.connections(), r.blockedConnections(), r.packetsDispatched(),
					r.totalRecvBytes(), r.totalSendBytes(), r.protocolErrors(), r.loop().loops(),
					r.loop().eventsHandled());
		}

	}

	/**
	 * One worker.
	 *
	 * @param id the worker id
	 * @param status BUSY, IDLE or EXIT
	 * @param requests packets handled
	 * @param dispatches events dispatched to it
	 * @param connections connections pinned to it
	 * @param errors callbacks that threw
	 * @param queued events waiting in its queue
	 * @param restarts times this worker id was started again
	 */
	public record WorkerDescriptor(int id, String status, long requests, long dispatches, int connections, long errors,
			int queued, long restarts) {

		static WorkerDescriptor of(WorkerMetric w) {
			return new WorkerDescriptor(w.workerId(), w.status().name(), w.requestCount(), w.dispatchCount(),
					w.connectionCount(), w.callbackErrors(), w.queuedEvents(), w.restarts());
		}

	}

	/**
	 * A page of connections.
	 *
	 * @param after the session id the page starts after
	 * @param items the connections, by ascending session id
	 * @param next the {@code after} of the next page, or null at the end
	 */
	public record ConnectionPage(long after, List<ConnectionDescriptor> items, @Nullable Long next) {
	}

	/**
	 * One connection (Swoole's {@code getClientInfo}).
	 *
	 * @param sessionId the session id
	 * @param remoteIp the client's address
	 * @param remotePort the client's port
	 * @param serverPort the local port
	 * @param connectTime when it was accepted (ISO-8601)
	 * @param lastReceiveTime when data last arrived (ISO-8601)
	 * @param reactorId the owning reactor thread
	 * @param workerId the pinned worker, or -1
	 * @param uid the bound uid, or 0
	 * @param sendQueuedBytes output not yet written
	 */
	public record ConnectionDescriptor(long sessionId, String remoteIp, int remotePort, int serverPort,
			String connectTime, String lastReceiveTime, int reactorId, int workerId, long uid, long sendQueuedBytes) {

		static ConnectionDescriptor of(ClientInfo c) {
			return new ConnectionDescriptor(c.sessionId(), c.remoteIp(), c.remotePort(), c.serverPort(),
					c.connectTime().toString(), c.lastReceiveTime().toString(), c.reactorId(), c.workerId(), c.uid(),
					c.sendQueuedBytes());
		}

	}

	/**
	 * One table.
	 *
	 * @param rows live rows
	 * @param capacity buckets (the rounded size)
	 * @param conflicts inserts that took a conflict slice
	 * @param freeSlices conflict slices still free
	 * @param memoryBytes shared memory it occupies
	 * @param columns each column as {@code name type(size)}
	 */
	public record TableDescriptor(long rows, int capacity, long conflicts, int freeSlices, long memoryBytes,
			List<String> columns) {

		static TableDescriptor of(Table t) {
			return new TableDescriptor(t.rows(), t.capacity(), t.conflicts(), t.freeSlices(), t.memoryBytes(),
					t.columns().stream().map(Column::toString).toList());
		}

	}

	/**
	 * One memory pool.
	 *
	 * @param capacityBytes bytes it can hand out in all
	 * @param usedBytes bytes held by live blocks
	 * @param freeBytes bytes available now
	 * @param highWaterMarkBytes most bytes in use at one time
	 * @param allocations successful allocations
	 * @param failedAllocations allocations refused because it was full
	 */
	public record PoolDescriptor(long capacityBytes, long usedBytes, long freeBytes, long highWaterMarkBytes,
			long allocations, long failedAllocations) {

		static PoolDescriptor of(MemoryPoolMetric p) {
			return new PoolDescriptor(p.capacityBytes(), p.usedBytes(), p.freeBytes(), p.highWaterMarkBytes(),
					p.allocations(), p.failedAllocations());
		}

	}

}
