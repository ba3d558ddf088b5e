/**
 * Stream framing shared by the server and the client: raw, length-prefixed and
 * EOF-delimited packets, as pure decoders over byte buffers.
 */
package io.swoole4j.protocol;
