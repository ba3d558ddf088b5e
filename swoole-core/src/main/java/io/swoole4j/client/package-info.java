/**
 * Blocking TCP client that frames packets with the same decoders as the server.
 */
package io.swoole4j.client;
