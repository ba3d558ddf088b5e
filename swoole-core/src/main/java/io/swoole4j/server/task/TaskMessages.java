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
 * PROCESS mode carries the same messages over the worker sockets, with two more uses: the
 * reserved word holds the destination worker of a task or pipe message, and
 * {@link #FLAG_NO_RESULT} marks the result of a task that ended without one. Stateless
 * and thread-safe.
 */
public final class TaskMessages {

	public static final byte TYPE_TASK = 32;

	public static final byte TYPE_FINISH = 33;

	public static final byte TYPE_PIPE_MESSAGE = 34;

	static final byte KIND_MASK = 0x03;

	static final byte KIND_BYTES = 0;

	static final byte KIND_STRING = 1;

	static final byte KIND_CODEC = 2;

	public static final byte FLAG_WAIT = 0x10;

	/** PROCESS mode: a result message of a task that ended without a result. */
	public static final byte FLAG_NO_RESULT = 0x20;

	private final Codec codec;

	/**
	 * Messages whose other values {@code codec} encodes (null: only byte[] and String).
	 */
	public TaskMessages(Codec codec) {
		this.codec = codec;
	}

	/**
	 * Encodes {@code value} into a whole message.
	 * @throws IllegalArgumentException if the value is neither {@code byte[]} nor
	 * {@code String} and no codec is configured, or the codec rejects it
	 */
	public byte[] encode(byte type, byte flags, long taskId, int srcWorkerId, Object value) {
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
	public Object decode(byte[] message) {
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

	/** Whether a task message comes from {@code taskwait} or {@code taskWaitMulti}. */
	public static boolean isWait(byte[] message) {
		return (MessageDescriptor.flags(message) & FLAG_WAIT) != 0;
	}

	/** The task id of a task or result message. */
	public static long taskId(byte[] message) {
		return MessageDescriptor.sessionId(message);
	}

	/** The id of the worker that sent a task or pipe message (-1 for none). */
	public static int srcWorkerId(byte[] message) {
		return MessageDescriptor.workerId(ByteBuffer.wrap(message), 0);
	}

	static int size(byte[] message) {
		return message.length;
	}

}
