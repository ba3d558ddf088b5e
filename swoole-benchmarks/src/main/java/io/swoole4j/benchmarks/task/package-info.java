/**
 * Benchmarks of the server's task workers against a plain executor.
 */
package io.swoole4j.benchmarks.task;
