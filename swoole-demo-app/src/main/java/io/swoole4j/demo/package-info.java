/**
 * The swoole4j demo application: a Redis-protocol key-value server on a shared Table, a
 * length-framed echo server and Actuator, built only on the starter.
 */
package io.swoole4j.demo;
