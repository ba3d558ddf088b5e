/**
 * Locks, semaphores, barriers and atomic counters that work between the threads of one
 * JVM and, placed in a named shared-memory region, between several JVMs.
 */
package io.swoole4j.sync;
