package io.swoole4j.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.swoole4j.server.Server;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.server.task.TaskCallback;
import io.swoole4j.server.task.TaskMetric;
import io.swoole4j.server.task.TaskPool;

/**
 * Sends work to the server's task workers, whose {@link ServerHandler#onTask} runs it
 * (Swoole's {@code $server->task()}, {@code taskwait()} and {@code taskWaitMulti()}).
 * Auto-configured when {@code swoole.server.task-worker-num} is above 0.
 * <p>
 * Values are {@code byte[]}, {@code String} or what the {@code Codec} bean encodes; they
 * are encoded when sent, so later changes are not seen. Thread-safe: call from any thread
 * but a task worker (a task worker's calls are refused, as in Swoole). A task that cannot
 * be queued (full queue, stopped server) is a return value, never an exception.
 */
public final class SwooleTaskTemplate {

	/** What {@link #task} returns for a task that was not queued. */
	public static final long FAILED = TaskPool.FAILED;

	private final Server server;

	SwooleTaskTemplate(Server server) {
		this.server = server;
	}

	/**
	 * Queues a task for any task worker, without waiting. Its result goes to the
	 * handler's {@link ServerHandler#onFinish} when the caller is an event worker, and is
	 * dropped otherwise.
	 * @param data the task's data
	 * @return the task id, or {@link #FAILED} when it was not queued
	 * @throws IllegalArgumentException if {@code data} has no codec
	 */
	public long task(Object data) {
		return this.server.task(data);
	}

	/**
	 * Queues a task for any task worker, without waiting; its result runs
	 * {@code callback} on the calling event worker's thread. Called from another thread
	 * (not an event worker) the task runs but the callback does not.
	 * @param data the task's data
	 * @param callback receives the result
	 * @return the task id, or {@link #FAILED} when it was not queued
	 * @throws IllegalArgumentException if {@code data} has no codec
	 */
	public long task(Object data, TaskCallback callback) {
		return this.server.task(data, -1, callback);
	}

	/**
	 * Runs a task and blocks the calling thread until its result arrives or
	 * {@code timeout} passes; a late result is discarded. On an event worker this blocks
	 * that worker.
	 * @param data the task's data
	 * @param timeout the longest wait
	 * @return the result, or null on timeout, when the task ended without a result or
	 * could not be queued
	 * @throws IllegalArgumentException if {@code data} has no codec
	 */
	public @Nullable Object taskwait(Object data, Duration timeout) {
		return this.server.taskwait(data, timeout);
	}

	/**
	 * Runs every element of {@code tasks} as a task and waits at most {@code timeout} in
	 * all for their results.
	 * @param tasks at most {@link TaskPool#MAX_CONCURRENT_TASK} values
	 * @param timeout the longest wait for all of them
	 * @return the results indexed like {@code tasks}, null for a task that did not finish
	 * in time, ended without a result or could not be queued
	 * @throws IllegalArgumentException if a value has no codec, or for too many tasks
	 */
	public List<@Nullable Object> taskWaitMulti(List<?> tasks, Duration timeout) {
		return this.server.taskWaitMulti(tasks, timeout);
	}

	/**
	 * Returns the configured number of task workers.
	 * @return {@code task-worker-num}
	 */
	public int taskWorkerNum() {
		return this.server.config().taskWorkerNum();
	}

	/**
	 * Returns live counters of the task workers (queued, running, done, failed, refused).
	 * @return the counters
	 */
	public TaskMetric metric() {
		return this.server.taskMetric();
	}

}
