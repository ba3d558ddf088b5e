/**
 * The byte format of the messages between reactor threads and workers, shared by the
 * THREAD mode's in-memory queues and the PROCESS mode's sockets.
 */
package io.swoole4j.server.message;
