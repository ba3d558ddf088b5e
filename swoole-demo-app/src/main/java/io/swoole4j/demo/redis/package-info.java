/**
 * Redis commands (RESP2) over a shared {@link io.swoole4j.table.Table}: the executor, the
 * per-connection session, the server handler and the expiry sweep.
 */
package io.swoole4j.demo.redis;
