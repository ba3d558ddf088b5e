/**
 * Building blocks of the server's data path: pooled byte chunks over a
 * {@link io.swoole4j.memory.FixedPool}, chained output, and the bounded queue that
 * carries packet handles to workers.
 */
package io.swoole4j.server.buffer;
