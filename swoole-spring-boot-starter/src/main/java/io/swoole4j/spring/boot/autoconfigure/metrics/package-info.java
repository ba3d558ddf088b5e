/**
 * Auto-configuration of the swoole4j Micrometer meters.
 */
package io.swoole4j.spring.boot.autoconfigure.metrics;
