/**
 * The event-driven TCP server: acceptor, reactor threads, workers, the connection table,
 * dispatch modes and the pooled data path between them.
 */
package io.swoole4j.server;
