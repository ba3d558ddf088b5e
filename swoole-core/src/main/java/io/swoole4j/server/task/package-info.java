/**
 * Task workers and worker-to-worker messages of the server: {@code task},
 * {@code taskwait}, {@code taskWaitMulti}, {@code finish}, {@code sendMessage}, the
 * payload {@link io.swoole4j.server.task.Codec} and the task metrics.
 */
package io.swoole4j.server.task;
