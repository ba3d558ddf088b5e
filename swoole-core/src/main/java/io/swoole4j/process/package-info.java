/**
 * Processes and OS signals: child JVMs with a pipe and queue to their parent
 * ({@link io.swoole4j.process.Process}), pools of restarted workers
 * ({@link io.swoole4j.process.ProcessPool}), and sending and handling signals.
 */
package io.swoole4j.process;
