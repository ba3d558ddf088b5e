package io.swoole4j.server.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.swoole4j.internal.Checks;

/**
 * The waiting side of {@code taskwait} and {@code taskWaitMulti}, shared by the task
 * workers of one JVM ({@link TaskPool}) and PROCESS mode's worker JVMs: a waiter is a
 * future registered under the task id before the task is queued, completed with the
 * result message (or null for a task that ended without one) by whoever takes it out of
 * the map first. Stateless.
 */
public final class TaskWaits {

	private TaskWaits() {
	}

	/** Queues a waiting task. */
	@FunctionalInterface
	public interface Submitter {

		/**
		 * @return the registered waiter, or null when the task could not be queued
		 */
		CompletableFuture<byte[]> submit(long id, Object data);

	}

	/** Waits for one registered waiter and decodes what it got. */
	@FunctionalInterface
	public interface Awaiter {

		/**
		 * @return the decoded result, or null
		 */
		Object await(long id, CompletableFuture<byte[]> waiter, long deadline);

	}

	/**
	 * Registers a waiter under {@code id}, then sends the task or call: registered first,
	 * because the result may come back before the send returns.
	 * @param send sends; false when it could not
	 * @return the waiter, or null (and nothing registered) when the send failed
	 */
	public static CompletableFuture<byte[]> register(Map<Long, CompletableFuture<byte[]>> waiters, long id,
			BooleanSupplier send) {
		CompletableFuture<byte[]> waiter = new CompletableFuture<>();
		waiters.put(id, waiter);
		if (!send.getAsBoolean()) {
			waiters.remove(id);
			return null;
		}
		return waiter;
	}

	/**
	 * A validated timeout in nanoseconds.
	 * @throws IllegalArgumentException if not positive
	 */
	public static long timeoutNanos(Duration timeout) {
		Checks.checkNotNull(timeout, "timeout");
		if (timeout.isNegative() || timeout.isZero()) {
			throw Checks.fail("timeout", timeout, "> 0");
		}
		return timeout.toNanos();
	}

	/**
	 * Waits for {@code waiter} until {@code deadline} ({@link System#nanoTime()}); on
	 * timeout withdraws it, so a late result is dropped rather than returned to another
	 * call.
	 * @return the result message, or null on timeout or for a task without a result
	 */
	public static byte[] await(Map<Long, CompletableFuture<byte[]>> waiters, long id, CompletableFuture<byte[]> waiter,
			long deadline) {
		try {
			return waiter.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | InterruptedException ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			if (waiters.remove(id) != null) {
				return null;
			}
			// the result's deliverer took the waiter first and completes it right after
			return waiter.join();
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("A taskwait waiter cannot fail", ex);
		}
	}

	/**
	 * {@code taskwait}: queues one task and waits for it until {@code timeout}.
	 * @param allowed whether the task may be sent at all
	 * @return the result, or null (timeout, no result, or not sent)
	 */
	public static Object waitOne(Object data, Duration timeout, BooleanSupplier allowed, LongSupplier ids,
			Submitter submitter, Awaiter awaiter) {
		Checks.checkNotNull(data, "data");
		long deadline = System.nanoTime() + timeoutNanos(timeout);
		if (!allowed.getAsBoolean()) {
			return null;
		}
		long id = ids.getAsLong();
		CompletableFuture<byte[]> waiter = submitter.submit(id, data);
		return (waiter != null) ? awaiter.await(id, waiter, deadline) : null;
	}

	/**
	 * {@code taskWaitMulti}: queues every task, then waits for all until one deadline.
	 * @param allowed whether tasks may be sent at all (called once, when there are some)
	 * @return the results by input index, null where none arrived in time
	 */
	public static List<Object> waitAll(List<?> tasks, Duration timeout, BooleanSupplier allowed, LongSupplier ids,
			Submitter submitter, Awaiter awaiter) {
		Checks.checkNotNull(tasks, "tasks");
		Checks.checkInRange(tasks.size(), 0, TaskPool.MAX_CONCURRENT_TASK, "tasks.size()");
		long deadline = System.nanoTime() + timeoutNanos(timeout);
		List<Object> results = new ArrayList<>(Collections.nCopies(tasks.size(), null));
		if (tasks.isEmpty() || !allowed.getAsBoolean()) {
			return results;
		}
		long[] taskIds = new long[tasks.size()];
		List<CompletableFuture<byte[]>> pending = new ArrayList<>(tasks.size());
		for (int i = 0; i < taskIds.length; i++) {
			taskIds[i] = ids.getAsLong();
			pending.add(submitter.submit(taskIds[i], Checks.checkNotNull(tasks.get(i), "task")));
		}
		for (int i = 0; i < taskIds.length; i++) {
			if (pending.get(i) != null) {
				results.set(i, awaiter.await(taskIds[i], pending.get(i), deadline));
			}
		}
		return results;
	}

}
