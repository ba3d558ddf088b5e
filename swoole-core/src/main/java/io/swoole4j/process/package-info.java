/**
 * Processes and OS signals: sending signals, handling them with chaining to the JVM's own
 * handlers.
 */
package io.swoole4j.process;
