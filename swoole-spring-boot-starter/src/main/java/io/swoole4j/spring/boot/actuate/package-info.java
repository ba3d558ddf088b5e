/**
 * The {@code swoole} Actuator endpoint and health indicator.
 */
package io.swoole4j.spring.boot.actuate;
