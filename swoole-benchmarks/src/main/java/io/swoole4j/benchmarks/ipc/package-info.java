/**
 * Benchmarks of the IPC subsystem: Channel against ArrayBlockingQueue, and the round
 * trips of Channel, MessageQueue and MessagePipe.
 */
package io.swoole4j.benchmarks.ipc;
