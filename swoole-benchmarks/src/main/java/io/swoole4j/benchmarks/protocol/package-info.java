/**
 * Benchmarks of the protocol codecs against Netty's codecs for the same protocol.
 */
package io.swoole4j.benchmarks.protocol;
