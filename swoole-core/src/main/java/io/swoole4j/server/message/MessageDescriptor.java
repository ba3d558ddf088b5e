package io.swoole4j.server.message;

import java.nio.ByteBuffer;

/**
 * Layout of one reactor⇄worker message: a 24-byte header followed by the payload. All
 * fields are big-endian (network order), so the same bytes can cross a socket to a worker
 * JVM unchanged.
 *
 * <pre>
 *  0                   4       5       6               8
 *  +-------------------+-------+-------+---------------+
 *  | length (int32)    | type  | flags | reactorId i16 |
 *  +-------------------+-------+-------+---------------+
 *  8                                                  16
 *  | sessionId (int64)                                 |
 *  +---------------------------------------------------+
 *  16                  20                             24
 *  | workerId (int32)  | reserved (int32, zero)        |
 *  +-------------------+-------------------------------+
 *  24
 *  | payload: length bytes (a packet, or data to send) |
 * </pre>
 *
 * {@code length} counts the payload only. Event types flow reactor → worker, command
 * types worker → reactor. All methods use absolute indices and never change a buffer's
 * position or limit. Stateless and thread-safe.
 */
public final class MessageDescriptor {

	/** Header size in bytes. */
	public static final int HEADER_LENGTH = 24;

	/** Offset of the payload length. */
	public static final int LENGTH_OFFSET = 0;

	/** Offset of the type byte. */
	public static final int TYPE_OFFSET = 4;

	/** Offset of the flags byte. */
	public static final int FLAGS_OFFSET = 5;

	/** Offset of the reactor id (int16, -1 for none). */
	public static final int REACTOR_ID_OFFSET = 6;

	/** Offset of the session id. */
	public static final int SESSION_ID_OFFSET = 8;

	/** Offset of the worker id (-1 for none). */
	public static final int WORKER_ID_OFFSET = 16;

	/** Offset of the reserved word. */
	public static final int RESERVED_OFFSET = 20;

	/**
	 * A message already taken out of a buffer and to be skipped (PROCESS mode: a
	 * {@code taskwait} result consumed out of turn).
	 */
	public static final byte TYPE_NONE = 0;

	/** Event: a connection was accepted (no payload). */
	public static final byte TYPE_CONNECT = 1;

	/** Event: one framed packet (payload = the packet). */
	public static final byte TYPE_RECEIVE = 2;

	/**
	 * Event: a connection closed (no payload; {@link #FLAG_SERVER_CLOSE} when closed by
	 * the application).
	 */
	public static final byte TYPE_CLOSE = 3;

	/** Event: the output queue reached the high watermark. */
	public static final byte TYPE_BUFFER_FULL = 4;

	/** Event: the output queue drained to the low watermark. */
	public static final byte TYPE_BUFFER_EMPTY = 5;

	/**
	 * PROCESS mode, master → worker JVM: the last message of this generation; the worker
	 * handles everything before it, runs {@code onWorkerStop} and exits (no payload).
	 */
	public static final byte TYPE_END = 6;

	/**
	 * PROCESS mode, master → worker JVM: the result of a {@link #TYPE_CALL} (session id =
	 * the call id).
	 */
	public static final byte TYPE_RESULT = 7;

	/** Command: queue the payload for sending. */
	public static final byte TYPE_SEND = 16;

	/** Command: close the session ({@link #FLAG_RESET} to discard queued output). */
	public static final byte TYPE_CLOSE_REQUEST = 17;

	/**
	 * PROCESS mode, worker JVM → master: {@code onWorkerStart} ran (no payload; the
	 * worker id in the header).
	 */
	public static final byte TYPE_STARTED = 18;

	/**
	 * PROCESS mode, worker JVM → master: the worker reached {@code maxRequest}; the
	 * master answers with {@link #TYPE_END} and starts a replacement once it exited.
	 */
	public static final byte TYPE_RETIRE = 19;

	/**
	 * PROCESS mode, worker JVM → master: run a method on the master's connection table
	 * and answer with {@link #TYPE_RESULT} (session id = the call id, reserved = the
	 * method).
	 */
	public static final byte TYPE_CALL = 20;

	/**
	 * Close event flag: the application closed the connection (onClose reactor id -1).
	 */
	public static final byte FLAG_SERVER_CLOSE = 1;

	/** Close request flag: reset the connection, discarding queued output. */
	public static final byte FLAG_RESET = 2;

	private MessageDescriptor() {
	}

	/** Writes a header at {@code at}. */
	public static void writeHeader(ByteBuffer buf, int at, byte type, byte flags, int reactorId, long sessionId,
			int workerId, int length) {
		buf.putInt(at + LENGTH_OFFSET, length);
		buf.put(at + TYPE_OFFSET, type);
		buf.put(at + FLAGS_OFFSET, flags);
		buf.putShort(at + REACTOR_ID_OFFSET, (short) reactorId);
		buf.putLong(at + SESSION_ID_OFFSET, sessionId);
		buf.putInt(at + WORKER_ID_OFFSET, workerId);
		buf.putInt(at + RESERVED_OFFSET, 0);
	}

	/**
	 * Sets the reserved word of the header at {@code at}; PROCESS mode carries the index
	 * of the connection's listening port there, so a worker JVM picks that port's
	 * handler.
	 */
	public static void writeReserved(ByteBuffer buf, int at, int value) {
		buf.putInt(at + RESERVED_OFFSET, value);
	}

	/** The reserved word of the message at {@code at}. */
	public static int reserved(ByteBuffer buf, int at) {
		return buf.getInt(at + RESERVED_OFFSET);
	}

	/** Builds a whole message (header and a copy of the payload) in a new array. */
	public static byte[] encode(byte type, byte flags, int reactorId, long sessionId, int workerId, byte[] payload,
			int offset, int length) {
		byte[] message = new byte[HEADER_LENGTH + length];
		ByteBuffer buf = ByteBuffer.wrap(message);
		writeHeader(buf, 0, type, flags, reactorId, sessionId, workerId, length);
		System.arraycopy(payload, offset, message, HEADER_LENGTH, length);
		return message;
	}

	/**
	 * Builds a whole message with a copy of {@code length} bytes of {@code payload} from
	 * absolute {@code offset}.
	 */
	public static byte[] encode(byte type, byte flags, int reactorId, long sessionId, int workerId, ByteBuffer payload,
			int offset, int length) {
		byte[] message = new byte[HEADER_LENGTH + length];
		writeHeader(ByteBuffer.wrap(message), 0, type, flags, reactorId, sessionId, workerId, length);
		payload.get(offset, message, HEADER_LENGTH, length);
		return message;
	}

	/** The payload length of an encoded message. */
	public static int length(byte[] message) {
		return readInt(message, LENGTH_OFFSET);
	}

	/** The type of an encoded message. */
	public static byte type(byte[] message) {
		return message[TYPE_OFFSET];
	}

	/** The flags of an encoded message. */
	public static byte flags(byte[] message) {
		return message[FLAGS_OFFSET];
	}

	/** The session id of an encoded message. */
	public static long sessionId(byte[] message) {
		return ((long) readInt(message, SESSION_ID_OFFSET) << 32)
				| (readInt(message, SESSION_ID_OFFSET + 4) & 0xFFFF_FFFFL);
	}

	private static int readInt(byte[] b, int at) {
		return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
	}

	/** The payload length of the message at {@code at}. */
	public static int length(ByteBuffer buf, int at) {
		return buf.getInt(at + LENGTH_OFFSET);
	}

	/** The type of the message at {@code at}. */
	public static byte type(ByteBuffer buf, int at) {
		return buf.get(at + TYPE_OFFSET);
	}

	/** The flags of the message at {@code at}. */
	public static byte flags(ByteBuffer buf, int at) {
		return buf.get(at + FLAGS_OFFSET);
	}

	/** The reactor id of the message at {@code at}. */
	public static int reactorId(ByteBuffer buf, int at) {
		return buf.getShort(at + REACTOR_ID_OFFSET);
	}

	/** The session id of the message at {@code at}. */
	public static long sessionId(ByteBuffer buf, int at) {
		return buf.getLong(at + SESSION_ID_OFFSET);
	}

	/** The worker id of the message at {@code at}. */
	public static int workerId(ByteBuffer buf, int at) {
		return buf.getInt(at + WORKER_ID_OFFSET);
	}

}
