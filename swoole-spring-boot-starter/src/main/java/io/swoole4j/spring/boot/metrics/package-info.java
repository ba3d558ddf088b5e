/**
 * Micrometer binders for swoole4j, one per subsystem, and the {@code SwooleMeters}
 * catalogue.
 */
package io.swoole4j.spring.boot.metrics;
