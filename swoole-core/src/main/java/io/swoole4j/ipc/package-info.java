/**
 * Inter-process and inter-thread communication: pipes (byte stream, eventfd counter,
 * message-preserving), System V message queues and shared-memory channels.
 */
package io.swoole4j.ipc;
