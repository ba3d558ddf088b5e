package io.swoole4j.server;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swoole4j.server.message.MessageDescriptor;

/**
 * PROCESS mode: the methods a worker JVM runs on the master, where the connection table
 * lives ({@code exist}, {@code getClientInfo}, {@code getClientList}, {@code pause},
 * {@code resume}, {@code bind}, {@code protect}, {@code heartbeat},
 * {@code getWorkerStatus}, {@code stats}) or its UDP sockets ({@code sendto}), as
 * {@link MessageDescriptor} messages.
 *
 * <pre>
 *  call   : type {@link MessageDescriptor#TYPE_CALL}, sessionId = call id,
 *           reserved = method, payload = its long arguments (8 bytes each;
 *           sendto: port, address, datagram)
 *  result : type {@link MessageDescriptor#TYPE_RESULT}, sessionId = call id,
 *           payload = status byte (0 done, 1 refused) then the value
 *           (or the refusal's UTF-8 message)
 * </pre>
 *
 * Stateless and thread-safe.
 */
final class WorkerCalls {

	static final int EXIST = 1;

	static final int CLIENT_INFO = 2;

	static final int CLIENT_LIST = 3;

	static final int PAUSE = 4;

	static final int RESUME = 5;

	static final int BIND = 6;

	static final int PROTECT = 7;

	static final int HEARTBEAT = 8;

	static final int WORKER_STATUS = 9;

	static final int STATS = 10;

	static final int SENDTO = 11;

	private static final byte DONE = 0;

	private static final byte REFUSED = 1;

	private WorkerCalls() {
	}

	/** A whole call message (worker side). */
	static byte[] call(long callId, int workerId, int method, long... args) {
		byte[] message = new byte[MessageDescriptor.HEADER_LENGTH + 8 * args.length];
		ByteBuffer buf = ByteBuffer.wrap(message);
		MessageDescriptor.writeHeader(buf, 0, MessageDescriptor.TYPE_CALL, (byte) 0, -1, callId, workerId,
				8 * args.length);
		MessageDescriptor.writeReserved(buf, 0, method);
		for (int i = 0; i < args.length; i++) {
			buf.putLong(MessageDescriptor.HEADER_LENGTH + 8 * i, args[i]);
		}
		return message;
	}

	/**
	 * A whole {@code sendto} call message (worker side): the payload is the port, the
	 * address (modified UTF-8) and the datagram.
	 */
	static byte[] sendto(long callId, int workerId, String address, int port, byte[] data) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(port);
			out.writeUTF(address);
			out.write(data);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] payload = bytes.toByteArray();
		byte[] message = MessageDescriptor.encode(MessageDescriptor.TYPE_CALL, (byte) 0, -1, callId, workerId, payload,
				0, payload.length);
		MessageDescriptor.writeReserved(ByteBuffer.wrap(message), 0, SENDTO);
		return message;
	}

	/**
	 * Runs the call at {@code at} of {@code in} on the master's {@code server}.
	 * @return the whole result message for the worker
	 */
	static byte[] answer(Server server, ByteBuffer in, int at) {
		int method = MessageDescriptor.reserved(in, at);
		byte[] payload = new byte[MessageDescriptor.length(in, at)];
		in.get(at + MessageDescriptor.HEADER_LENGTH, payload);
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			try {
				byte[] value = run(server, method, payload);
				out.writeByte(DONE);
				out.write(value);
			}
			catch (RuntimeException ex) {
				bytes.reset();
				out.writeByte(REFUSED);
				out.write(String.valueOf(ex.getMessage()).getBytes(StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] result = bytes.toByteArray();
		return MessageDescriptor.encode(MessageDescriptor.TYPE_RESULT, (byte) 0, -1,
				MessageDescriptor.sessionId(in, at), MessageDescriptor.workerId(in, at), result, 0, result.length);
	}

	private static byte[] run(Server server, int method, byte[] payload) throws IOException {
		ByteBuffer args = ByteBuffer.wrap(payload);
		long[] arg = new long[payload.length / 8];
		for (int i = 0; i < arg.length; i++) {
			arg[i] = args.getLong(8 * i);
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			switch (method) {
				case SENDTO -> {
					DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
					int port = in.readInt();
					String address = in.readUTF();
					out.writeBoolean(server.sendto(address, port, in.readAllBytes()));
				}
				case EXIST -> out.writeBoolean(server.exist(arg[0]));
				case PAUSE -> out.writeBoolean(server.pause(arg[0]));
				case RESUME -> out.writeBoolean(server.resume(arg[0]));
				case BIND -> out.writeBoolean(server.bind(arg[0], arg[1]));
				case PROTECT -> out.writeBoolean(server.protect(arg[0], arg[1] != 0));
				case CLIENT_LIST -> writeLongs(out, server.getClientList(arg[0], (int) arg[1]));
				case HEARTBEAT -> writeLongs(out, server.heartbeat(arg[0] != 0));
				case WORKER_STATUS -> out.writeByte(server.getWorkerStatus((int) arg[0]).ordinal());
				case CLIENT_INFO -> writeClientInfo(out, server.getClientInfo(arg[0]));
				case STATS -> {
					Map<String, Long> stats = server.stats();
					out.writeInt(stats.size());
					for (Map.Entry<String, Long> e : stats.entrySet()) {
						out.writeUTF(e.getKey());
						out.writeLong(e.getValue());
					}
				}
				default -> throw new IllegalArgumentException("unknown call " + method);
			}
		}
		return bytes.toByteArray();
	}

	private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
		out.writeInt((values != null) ? values.length : -1);
		if (values != null) {
			for (long value : values) {
				out.writeLong(value);
			}
		}
	}

	private static void writeClientInfo(DataOutputStream out, ClientInfo info) throws IOException {
		out.writeBoolean(info != null);
		if (info != null) {
			out.writeLong(info.sessionId());
			out.writeUTF(info.remoteIp());
			out.writeInt(info.remotePort());
			out.writeInt(info.serverPort());
			out.writeLong(info.connectTime().getEpochSecond());
			out.writeInt(info.connectTime().getNano());
			out.writeLong(info.lastReceiveTime().getEpochSecond());
			out.writeInt(info.lastReceiveTime().getNano());
			out.writeInt(info.reactorId());
			out.writeInt(info.workerId());
			out.writeLong(info.uid());
			out.writeLong(info.sendQueuedBytes());
		}
	}

	/**
	 * The value of a result message (worker side).
	 * @throws IllegalArgumentException with the master's message when it refused the call
	 */
	static DataInputStream value(byte[] result) {
		int length = MessageDescriptor.length(result);
		if (length == 0 || result[MessageDescriptor.HEADER_LENGTH] != DONE) {
			throw new IllegalArgumentException(new String(result, MessageDescriptor.HEADER_LENGTH + 1,
					Math.max(0, length - 1), StandardCharsets.UTF_8));
		}
		return new DataInputStream(
				new java.io.ByteArrayInputStream(result, MessageDescriptor.HEADER_LENGTH + 1, length - 1));
	}

	static boolean bool(byte[] result) throws IOException {
		return value(result).readBoolean();
	}

	static long[] longs(byte[] result) throws IOException {
		DataInputStream in = value(result);
		int n = in.readInt();
		if (n < 0) {
			return null;
		}
		long[] values = new long[n];
		for (int i = 0; i < n; i++) {
			values[i] = in.readLong();
		}
		return values;
	}

	static WorkerStatus workerStatus(byte[] result) throws IOException {
		return WorkerStatus.values()[value(result).readByte()];
	}

	static ClientInfo clientInfo(byte[] result) throws IOException {
		DataInputStream in = value(result);
		if (!in.readBoolean()) {
			return null;
		}
		return new ClientInfo(in.readLong(), in.readUTF(), in.readInt(), in.readInt(),
				Instant.ofEpochSecond(in.readLong(), in.readInt()), Instant.ofEpochSecond(in.readLong(), in.readInt()),
				in.readInt(), in.readInt(), in.readLong(), in.readLong());
	}

	static Map<String, Long> stats(byte[] result) throws IOException {
		DataInputStream in = value(result);
		int n = in.readInt();
		Map<String, Long> stats = new LinkedHashMap<>();
		for (int i = 0; i < n; i++) {
			stats.put(in.readUTF(), in.readLong());
		}
		return stats;
	}

}
