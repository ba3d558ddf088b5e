package io.swoole4j.ipc;

/**
 * What the kernel reports about a System V message queue ({@code msgctl IPC_STAT}).
 *
 * @param messages messages queued ({@code msg_qnum})
 * @param bytes payload bytes queued ({@code __msg_cbytes})
 * @param capacity the most payload bytes the queue holds before a push waits or fails
 * ({@code msg_qbytes}, at first the system's {@code msgmnb})
 */
public record MessageQueueStats(long messages, long bytes, long capacity) {
}
