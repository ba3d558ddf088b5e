package io.swoole4j.server.task;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.swoole4j.internal.Checks;
import io.swoole4j.server.message.MessageDescriptor;

/**
 * Task, result and pipe messages in the {@link MessageDescriptor} layout (one format for
 * every worker message), with these field uses:
 *
 * <pre>
 *  length    : payload bytes (the encoded value)
 *  type      : 32 TASK, 33 FINISH, 34 PIPE_MESSAGE
 *  flags     : bits 0-1 payload kind (0 byte[], 1 UTF-8 String, 2 codec),
 *              bit 4 WAIT (a taskwait/taskWaitMulti task: the result goes to the waiter)
 *  reactorId : -1
 *  sessionId : the task id (0 for a pipe message)
 *  workerId  : the source worker id (-1 when sent from a non-worker thread)
 * </pre>
 *
 * In THREAD and BASE mode a message is one heap array passed by reference, so a payload
 * of any size (up to 2 GiB) travels whole: there is no chunking and no temporary file
 * (Swoole's {@code task_tmpdir}), which only a cross-process transport would need.
 * Stateless and thread-safe.
 */
final class TaskMessages {

	static final byte TYPE_TASK = 32;

	static final byte TYPE_FINISH = 33;

	static final byte TYPE_PIPE_MESSAGE = 34;

	static final byte KIND_MASK = 0x03;

	static final byte KIND_BYTES = 0;

	static final byte KIND_STRING = 1;

	static final byte KIND_CODEC = 2;

	static final byte FLAG_WAIT = 0x10;

	private final Codec codec;

	TaskMessages(Codec codec) {
		this.codec = codec;
	}

	/**
	 * Encodes {@code value} into a whole message.
	 * @throws IllegalArgumentException if the value is neither {@code byte[]} nor
	 * {@code String} and no codec is configured, or the codec rejects it
	 */
	byte[] encode(byte type, byte flags, long taskId, int srcWorkerId, Object value) {
		Checks.checkNotNull(value, "value");
		byte kind;
		byte[] payload;
		if (value instanceof byte[] bytes) {
			kind = KIND_BYTES;
			payload = bytes;
		}
		else if (value instanceof String string) {
			kind = KIND_STRING;
			payload = string.getBytes(StandardCharsets.UTF_8);
		}
		else if (this.codec != null) {
			kind = KIND_CODEC;
			payload = Checks.checkNotNull(this.codec.encode(value), "encoded value");
		}
		else {
			throw new IllegalArgumentException("No taskCodec is configured for a " + value.getClass().getName()
					+ " (only byte[] and String are built in)");
		}
		return MessageDescriptor.encode(type, (byte) (flags | kind), -1, taskId, srcWorkerId, payload, 0,
				payload.length);
	}

	/** Decodes the payload of {@code message} (a fresh value the receiver owns). */
	Object decode(byte[] message) {
		int length = MessageDescriptor.length(message);
		int from = MessageDescriptor.HEADER_LENGTH;
		return switch (MessageDescriptor.flags(message) & KIND_MASK) {
			case KIND_BYTES -> Arrays.copyOfRange(message, from, from + length);
			case KIND_STRING -> new String(message, from, length, StandardCharsets.UTF_8);
			default -> this.codec.decode(Arrays.copyOfRange(message, from, from + length));
		};
	}

	static byte type(byte[] message) {
		return MessageDescriptor.type(message);
	}

	static boolean isWait(byte[] message) {
		return (MessageDescriptor.flags(message) & FLAG_WAIT) != 0;
	}

	static long taskId(byte[] message) {
		return MessageDescriptor.sessionId(message);
	}

	static int srcWorkerId(byte[] message) {
		return MessageDescriptor.workerId(ByteBuffer.wrap(message), 0);
	}

	static int size(byte[] message) {
		return message.length;
	}

}
