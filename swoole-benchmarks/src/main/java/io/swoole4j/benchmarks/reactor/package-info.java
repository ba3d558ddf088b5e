/**
 * Reactor and timer benchmarks, each beside its JDK peer: timer add and cancel against
 * {@code ScheduledThreadPoolExecutor}, cross-thread hand-off against a single-thread
 * {@code ExecutorService}.
 */
package io.swoole4j.benchmarks.reactor;
