/**
 * Benchmarks of the process subsystem: round trips between a parent and a child JVM.
 */
package io.swoole4j.benchmarks.process;
