/**
 * The event loop: one thread per reactor that polls channels through a pluggable poller,
 * dispatches readiness to handlers, runs timers and tasks posted from other threads.
 */
package io.swoole4j.reactor;
