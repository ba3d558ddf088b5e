/**
 * JMH benchmarks of the shared-memory Table beside ConcurrentHashMap and Chronicle Map.
 */
package io.swoole4j.benchmarks.table;
