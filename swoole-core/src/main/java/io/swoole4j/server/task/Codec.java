package io.swoole4j.server.task;

/**
 * Turns task data, task results and pipe messages into bytes and back (Swoole serialises
 * non-string values and keeps a flag). {@code byte[]} and {@code String} (UTF-8) are
 * built in and never reach a codec; every other value goes through the codec configured
 * with {@code ServerConfig.Builder#taskCodec}. No Java serialization is used anywhere.
 * <p>
 * Implementations must be thread-safe: {@link #encode} runs on the sending thread,
 * {@link #decode} on the receiving one.
 */
public interface Codec {

	/**
	 * The bytes of {@code value}.
	 * @param value never null, never a {@code byte[]} or {@code String}
	 * @return the encoded form; the caller keeps it (do not reuse the array)
	 * @throws IllegalArgumentException if the value's type is not supported
	 */
	byte[] encode(Object value);

	/**
	 * The value encoded in {@code bytes}.
	 * @param bytes a copy owned by the callee
	 * @return the value, never null
	 */
	Object decode(byte[] bytes);

}
