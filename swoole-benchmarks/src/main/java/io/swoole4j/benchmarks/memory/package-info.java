/**
 * JMH benchmarks of the memory pools against Netty's pooled allocator and
 * {@code ByteBuffer.allocateDirect}.
 */
package io.swoole4j.benchmarks.memory;
