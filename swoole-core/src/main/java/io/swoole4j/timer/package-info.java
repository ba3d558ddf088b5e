/**
 * Millisecond timers kept in a min-heap per event loop: repeating ticks, one-shot afters,
 * cancellation by id, driven by a reactor or by the caller.
 */
package io.swoole4j.timer;
