/**
 * The Redis serialization protocol (RESP2): a streaming request parser that yields
 * commands as reusable views, and a reply writer, both free of garbage in steady state.
 */
package io.swoole4j.protocol.resp;
