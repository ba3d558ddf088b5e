package io.swoole4j.server.task;

import io.swoole4j.server.Server;

/**
 * The per-call replacement of {@code onFinish} given to
 * {@link Server#task(Object, int, TaskCallback)}: runs on the event worker that called
 * {@code task}, with the task's result.
 */
@FunctionalInterface
public interface TaskCallback {

	/**
	 * The task finished with {@code result}.
	 * @param server the server
	 * @param taskId the id {@code task} returned
	 * @param result the decoded result, never null
	 */
	void onFinish(Server server, long taskId, Object result);

}
