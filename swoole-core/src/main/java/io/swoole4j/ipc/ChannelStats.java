package io.swoole4j.ipc;

/**
 * A snapshot of a {@link Channel}'s fill (Swoole's {@code queue_num},
 * {@code queue_bytes}).
 *
 * @param messages messages queued
 * @param bytes payload bytes queued
 * @param capacity ring bytes (each message takes its length plus 4, padded to 4)
 * @param maxMessageLength the longest message accepted
 */
public record ChannelStats(long messages, long bytes, long capacity, int maxMessageLength) {
}
