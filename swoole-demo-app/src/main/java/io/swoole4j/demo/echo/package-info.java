/**
 * The length-framed echo server the demo runs beside its Redis port.
 */
package io.swoole4j.demo.echo;
