/**
 * Test support shared by every subsystem's tests: child JVMs, unique names.
 */
package io.swoole4j.testing;
