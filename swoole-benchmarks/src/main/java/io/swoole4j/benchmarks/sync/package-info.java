/**
 * Benchmarks of the sync subsystem against the JDK's in-process locks and atomics.
 */
package io.swoole4j.benchmarks.sync;
