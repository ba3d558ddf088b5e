package io.swoole4j.server;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.server.message.MessageDescriptor;
import io.swoole4j.server.task.TaskMessages;

/**
 * PROCESS mode's master-side routing of messages between worker JVMs: a task goes to its
 * task worker (or, for {@code dstWorkerId} -1 and in {@code taskIpcMode} 3, to the task
 * worker with the fewest waiting), a result to the event worker that sent the task, a
 * pipe message to its destination. The destination travels in the header's reserved word.
 * Thread-safe: each worker link's reader calls {@link #route}.
 */
final class ProcessWorkers {

	private static final Logger logger = LoggerFactory.getLogger(ProcessWorkers.class);

	private final ProcessWorkerSlot[] slots;

	private final int workerNum;

	private final boolean preemptive;

	private final AtomicInteger next = new AtomicInteger();

	/**
	 * @param slots event workers first (by id), then task workers
	 */
	ProcessWorkers(ProcessWorkerSlot[] slots, int workerNum, boolean preemptive) {
		this.slots = slots;
		this.workerNum = workerNum;
		this.preemptive = preemptive;
	}

	/** Routes a task, result or pipe message from a worker JVM. Any thread. */
	void route(byte[] message) {
		byte type = MessageDescriptor.type(message);
		int dst = MessageDescriptor.reserved(ByteBuffer.wrap(message), 0);
		if (type == TaskMessages.TYPE_TASK) {
			ProcessWorkerSlot slot = taskWorker(dst);
			if (slot == null || !slot.offer(message)) {
				logger.warn("Task {} from worker {} refused: {}", TaskMessages.taskId(message),
						TaskMessages.srcWorkerId(message),
						(slot == null) ? "no task worker " + dst : "the queue of " + slot + " is full");
				refused(message);
			}
			return;
		}
		if (dst < 0 || dst >= this.slots.length || (type == TaskMessages.TYPE_FINISH && dst >= this.workerNum)) {
			logger.warn("Message of type {} for worker {} dropped: no such worker", type, dst);
			return;
		}
		if (!this.slots[dst].offer(message)) {
			logger.warn("Message of type {} for {} dropped: its queue is full", type, this.slots[dst]);
		}
	}

	private ProcessWorkerSlot taskWorker(int dst) {
		int tasks = this.slots.length - this.workerNum;
		if (tasks == 0 || dst >= tasks) {
			return null;
		}
		if (dst >= 0 && !this.preemptive) {
			return this.slots[this.workerNum + dst];
		}
		int start = Math.floorMod(this.next.getAndIncrement(), tasks);
		ProcessWorkerSlot best = null;
		for (int i = 0; i < tasks; i++) {
			ProcessWorkerSlot slot = this.slots[this.workerNum + (start + i) % tasks];
			if (best == null || slot.queued() < best.queued()) {
				best = slot;
			}
		}
		return best;
	}

	/** Tells the sender of a refused task at once, so a taskwait does not wait. */
	private void refused(byte[] task) {
		int src = TaskMessages.srcWorkerId(task);
		if (src < 0 || src >= this.workerNum) {
			return;
		}
		byte flags = (byte) (TaskMessages.FLAG_NO_RESULT | (TaskMessages.isWait(task) ? TaskMessages.FLAG_WAIT : 0));
		byte[] none = MessageDescriptor.encode(TaskMessages.TYPE_FINISH, flags, -1, TaskMessages.taskId(task), -1,
				new byte[0], 0, 0);
		MessageDescriptor.writeReserved(ByteBuffer.wrap(none), 0, src);
		this.slots[src].offer(none);
	}

	/** Messages waiting for the task workers. */
	int queuedTasks() {
		int sum = 0;
		for (int i = this.workerNum; i < this.slots.length; i++) {
			sum += this.slots[i].queued();
		}
		return sum;
	}

}
