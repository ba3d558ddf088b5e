/**
 * A closed-loop TCP load generator for the length-framed echo protocol, used to compare
 * our servers with their peers on loopback.
 */
package io.swoole4j.benchmarks.load;
