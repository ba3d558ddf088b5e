/**
 * Shared memory regions and the three memory pools that live in them: FixedPool,
 * RingBufferPool and GlobalMemory.
 */
package io.swoole4j.memory;
