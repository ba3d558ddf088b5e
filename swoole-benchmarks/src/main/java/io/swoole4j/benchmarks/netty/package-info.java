/**
 * Netty peer servers that our servers are measured against, side by side, in the same
 * run.
 */
package io.swoole4j.benchmarks.netty;
