package io.swoole4j.spring.boot.metrics;

import java.util.List;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.jspecify.annotations.Nullable;

/**
 * Every meter the swoole4j binders register: name, type, base unit and tag keys, in one
 * place (the {@code NettyMeters} pattern). Tag values are bounded by configuration: a
 * reactor id, a pool or table name, never a session id or an address.
 * <p>
 * Counts have no base unit; sizes are in {@link BaseUnits#BYTES bytes} and times in
 * seconds. Counters are function counters over core's monotonic counters, so they read
 * the live value at scrape time.
 */
public enum SwooleMeters {

	/**
	 * Timers scheduled on a reactor's loop (heartbeat checks, BASE-mode worker timers).
	 */
	TIMER_ACTIVE("swoole.timer.active", Meter.Type.GAUGE, null, "Timers scheduled on the reactor's loop", Tags.REACTOR),

	/** Timer callbacks a reactor's loop ran. */
	TIMER_FIRED("swoole.timer.fired", Meter.Type.COUNTER, null, "Timer callbacks run by the reactor's loop",
			Tags.REACTOR),

	/** Timer callbacks that threw. */
	TIMER_ERRORS("swoole.timer.errors", Meter.Type.COUNTER, null, "Timer callbacks that threw", Tags.REACTOR),

	/** Passes of a reactor's loop (poll, dispatch, timers, tasks). */
	REACTOR_LOOPS("swoole.reactor.loops", Meter.Type.COUNTER, null, "Passes of the reactor loop", Tags.REACTOR),

	/** Ready channels a reactor dispatched to their handlers. */
	REACTOR_EVENTS("swoole.reactor.events", Meter.Type.COUNTER, null,
			"Ready channels dispatched to their handlers by the reactor", Tags.REACTOR),

	/** Times another thread woke a reactor's poller up to run a task. */
	REACTOR_WAKEUPS("swoole.reactor.wakeups", Meter.Type.COUNTER, null,
			"Times another thread woke the reactor up to run a task", Tags.REACTOR),

	/** Tasks queued on a reactor and not yet run. */
	REACTOR_TASKS_PENDING("swoole.reactor.tasks.pending", Meter.Type.GAUGE, null,
			"Tasks queued on the reactor and not yet run", Tags.REACTOR),

	/** Tasks a reactor has run, including those that threw. */
	REACTOR_TASKS_COMPLETED("swoole.reactor.tasks.completed", Meter.Type.COUNTER, null,
			"Tasks run by the reactor, including those that threw", Tags.REACTOR),

	/** Channels registered with a reactor now. */
	REACTOR_CHANNELS("swoole.reactor.channels", Meter.Type.GAUGE, null, "Channels registered with the reactor",
			Tags.REACTOR),

	/** Time a reactor spent in channel handlers. */
	REACTOR_HANDLER_TIME("swoole.reactor.handler.time", Meter.Type.COUNTER, "seconds",
			"Time the reactor spent in channel handlers", Tags.REACTOR),

	/** Handlers and tasks that threw on a reactor (logged, counted, the loop goes on). */
	REACTOR_HANDLER_ERRORS("swoole.reactor.handler.errors", Meter.Type.COUNTER, null,
			"Handlers and tasks that threw on the reactor", Tags.REACTOR),

	/** Polls that failed on a reactor (each costs a back-off). */
	REACTOR_POLLER_ERRORS("swoole.reactor.poller.errors", Meter.Type.COUNTER, null, "Polls that failed on the reactor",
			Tags.REACTOR),

	/** Bytes a memory pool can hand out in all. */
	MEMORY_POOL_CAPACITY("swoole.memory.pool.capacity", Meter.Type.GAUGE, BaseUnits.BYTES,
			"Bytes the memory pool can hand out in all", Tags.POOL),

	/** Bytes held by a memory pool's live blocks. */
	MEMORY_POOL_USED("swoole.memory.pool.used", Meter.Type.GAUGE, BaseUnits.BYTES,
			"Bytes held by live blocks of the memory pool", Tags.POOL),

	/** Bytes a memory pool can hand out now. */
	MEMORY_POOL_FREE("swoole.memory.pool.free", Meter.Type.GAUGE, BaseUnits.BYTES,
			"Bytes available to new allocations in the memory pool", Tags.POOL),

	/** Most bytes a memory pool had in use at one time. */
	MEMORY_POOL_USED_MAX("swoole.memory.pool.used.max", Meter.Type.GAUGE, BaseUnits.BYTES,
			"Most bytes unavailable to allocation at one time in the memory pool", Tags.POOL),

	/** Successful allocations from a memory pool. */
	MEMORY_POOL_ALLOCATIONS("swoole.memory.pool.allocations", Meter.Type.COUNTER, null,
			"Successful allocations from the memory pool", Tags.POOL),

	/** Allocations a full memory pool refused. */
	MEMORY_POOL_ALLOCATIONS_FAILED("swoole.memory.pool.allocations.failed", Meter.Type.COUNTER, null,
			"Allocations refused because the memory pool was full", Tags.POOL),

	/** Workers running a callback now. */
	WORKER_BUSY("swoole.worker.busy", Meter.Type.GAUGE, null, "Workers running a callback"),

	/** Workers waiting for events now. */
	WORKER_IDLE("swoole.worker.idle", Meter.Type.GAUGE, null, "Workers waiting for events"),

	/** Workers stopped (a running server with one is unhealthy). */
	WORKER_EXITED("swoole.worker.exited", Meter.Type.GAUGE, null, "Workers stopped"),

	/** Packets handled by onReceive across workers. */
	WORKER_REQUESTS("swoole.worker.requests", Meter.Type.COUNTER, null, "Packets handled by onReceive"),

	/** Events dispatched to workers (packets and connection events). */
	WORKER_DISPATCHES("swoole.worker.dispatches", Meter.Type.COUNTER, null, "Events dispatched to workers"),

	/** Exceptions thrown by callbacks on workers (logged, then ignored). */
	WORKER_ERRORS("swoole.worker.errors", Meter.Type.COUNTER, null, "Exceptions thrown by callbacks on workers"),

	/** Times workers were started again (max-request, an Error, a reload). */
	WORKER_RESTARTS("swoole.worker.restarts", Meter.Type.COUNTER, null,
			"Times workers were started again: recycled after max-request, restarted after an Error, or reloaded"),

	/** Events waiting in worker queues now. */
	WORKER_QUEUED("swoole.worker.queued", Meter.Type.GAUGE, null, "Events waiting in worker queues"),

	/** Live connections. */
	CONNECTIONS_ACTIVE("swoole.connections.active", Meter.Type.GAUGE, null, "Live connections"),

	/** Connections that got a session. */
	CONNECTIONS_ACCEPTED("swoole.connections.accepted", Meter.Type.COUNTER, null, "Connections that got a session"),

	/** Connections closed after getting a session. */
	CONNECTIONS_CLOSED("swoole.connections.closed", Meter.Type.COUNTER, null,
			"Connections closed after getting a session"),

	/** Connections rejected at accept, for example over max-connection. */
	CONNECTIONS_ABORTED("swoole.connections.aborted", Meter.Type.COUNTER, null,
			"Connections rejected at accept, for example over max-connection"),

	/** Bytes read from clients. */
	CONNECTIONS_RECEIVED("swoole.connections.received", Meter.Type.COUNTER, BaseUnits.BYTES, "Bytes read from clients"),

	/** Bytes written to clients. */
	CONNECTIONS_SENT("swoole.connections.sent", Meter.Type.COUNTER, BaseUnits.BYTES, "Bytes written to clients"),

	/** Tasks queued for task workers and not yet started. */
	TASK_QUEUED("swoole.task.queued", Meter.Type.GAUGE, null, "Tasks queued for task workers and not yet started"),

	/** Tasks whose onTask is running now. */
	TASK_RUNNING("swoole.task.running", Meter.Type.GAUGE, null, "Tasks whose onTask is running"),

	/** Tasks whose onTask returned normally. */
	TASK_DONE("swoole.task.done", Meter.Type.COUNTER, null, "Tasks whose onTask returned normally"),

	/** Tasks whose onTask threw. */
	TASK_FAILED("swoole.task.failed", Meter.Type.COUNTER, null, "Tasks whose onTask threw"),

	/** Calls that could not queue a task (full queue, stopped server, ...). */
	TASK_REFUSED("swoole.task.refused", Meter.Type.COUNTER, null,
			"Calls that could not queue a task: a full queue, a bad destination or a stopped server"),

	/** Live rows of a table. */
	TABLE_ROWS("swoole.table.rows", Meter.Type.GAUGE, null, "Live rows of the table", Tags.TABLE),

	/** Buckets of a table (its rounded size). */
	TABLE_CAPACITY("swoole.table.capacity", Meter.Type.GAUGE, null, "Buckets of the table (its rounded size)",
			Tags.TABLE),

	/** Inserts that took a conflict slice because their bucket was occupied. */
	TABLE_CONFLICTS("swoole.table.conflicts", Meter.Type.COUNTER, null,
			"Inserts that took a conflict slice because their bucket was occupied", Tags.TABLE),

	/** Conflict slices still free; at zero, new keys in occupied buckets are refused. */
	TABLE_SLICES_FREE("swoole.table.slices.free", Meter.Type.GAUGE, null, "Conflict slices still free", Tags.TABLE),

	/** Shared memory a table occupies. */
	TABLE_MEMORY("swoole.table.memory", Meter.Type.GAUGE, BaseUnits.BYTES, "Shared memory the table occupies",
			Tags.TABLE);

	private final String name;

	private final Meter.Type type;

	private final @Nullable String baseUnit;

	private final String description;

	private final List<String> tagKeys;

	SwooleMeters(String name, Meter.Type type, @Nullable String baseUnit, String description, String... tagKeys) {
		this.name = name;
		this.type = type;
		this.baseUnit = baseUnit;
		this.description = description;
		this.tagKeys = List.of(tagKeys);
	}

	/**
	 * Returns the meter's name, dot-separated.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Returns the meter's type.
	 * @return {@link Meter.Type#GAUGE} or {@link Meter.Type#COUNTER}
	 */
	public Meter.Type getType() {
		return this.type;
	}

	/**
	 * Returns the base unit.
	 * @return {@link BaseUnits#BYTES}, {@link "seconds"}, or null for a count
	 */
	public @Nullable String getBaseUnit() {
		return this.baseUnit;
	}

	/**
	 * Returns the description registered with the meter.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Returns the keys of the tags every instance of this meter carries.
	 * @return the tag keys, possibly empty
	 */
	public List<String> getTagKeys() {
		return this.tagKeys;
	}

	<T> Gauge.Builder<T> gauge(T object, ToDoubleFunction<T> value) {
		if (this.type != Meter.Type.GAUGE) {
			throw new IllegalStateException(this + " is a " + this.type);
		}
		return Gauge.builder(this.name, object, value)
			.description(this.description)
			.baseUnit(this.baseUnit)
			.strongReference(true);
	}

	<T> FunctionCounter.Builder<T> counter(T object, ToDoubleFunction<T> value) {
		if (this.type != Meter.Type.COUNTER) {
			throw new IllegalStateException(this + " is a " + this.type);
		}
		return FunctionCounter.builder(this.name, object, value).description(this.description).baseUnit(this.baseUnit);
	}

	/**
	 * Tag keys used by the meters.
	 */
	public static final class Tags {

		/** The reactor's id (a server's reactor threads) or its name. */
		public static final String REACTOR = "reactor";

		/** The memory pool's name. */
		public static final String POOL = "pool";

		/** The table's bean name. */
		public static final String TABLE = "table";

		private Tags() {
		}

	}

}
