package io.swoole4j.server.message;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Payload layout of a {@link #TYPE_DATAGRAM} message (one UDP datagram, reactor →
 * worker), following the {@link MessageDescriptor} header (session id 0). Big-endian.
 *
 * <pre>
 *  0                2                4         5
 *  +----------------+----------------+---------+---------------------------+
 *  | serverPort u16 | peerPort u16   | addrLen | peer address (addrLen: 4  |
 *  +----------------+----------------+---------+  or 16 bytes)             |
 *  5 + addrLen                                                              |
 *  | datagram bytes (the rest of the payload)                               |
 *  +------------------------------------------------------------------------+
 * </pre>
 *
 * All methods use absolute indices and never change a buffer's position or limit.
 * Stateless and thread-safe.
 */
public final class DatagramDescriptor {

	/** Event type of a datagram message (beside {@link MessageDescriptor}'s types). */
	public static final byte TYPE_DATAGRAM = 40;

	/** Offset of the local port the datagram arrived on. */
	public static final int SERVER_PORT_OFFSET = 0;

	/** Offset of the sender's port. */
	public static final int PEER_PORT_OFFSET = 2;

	/** Offset of the address length byte. */
	public static final int ADDRESS_LENGTH_OFFSET = 4;

	/** Offset of the sender's address bytes. */
	public static final int ADDRESS_OFFSET = 5;

	private DatagramDescriptor() {
	}

	/** Payload bytes for a datagram of {@code dataLength} bytes from {@code peer}. */
	public static int payloadLength(InetSocketAddress peer, int dataLength) {
		return ADDRESS_OFFSET + peer.getAddress().getAddress().length + dataLength;
	}

	/**
	 * The worker-selection key of a sender: an IPv4 address as a number, else a hash of
	 * the address bytes.
	 */
	public static int peerHash(InetSocketAddress peer) {
		byte[] a = peer.getAddress().getAddress();
		if (peer.getAddress() instanceof Inet4Address) {
			return ((a[0] & 0xFF) << 24) | ((a[1] & 0xFF) << 16) | ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
		}
		return Arrays.hashCode(a);
	}

	/**
	 * Writes the payload at {@code at}; the remaining bytes of {@code data} are copied.
	 */
	public static void write(ByteBuffer buf, int at, int serverPort, InetSocketAddress peer, ByteBuffer data) {
		byte[] address = peer.getAddress().getAddress();
		buf.putShort(at + SERVER_PORT_OFFSET, (short) serverPort);
		buf.putShort(at + PEER_PORT_OFFSET, (short) peer.getPort());
		buf.put(at + ADDRESS_LENGTH_OFFSET, (byte) address.length);
		buf.put(at + ADDRESS_OFFSET, address);
		buf.put(at + ADDRESS_OFFSET + address.length, data, data.position(), data.remaining());
	}

	/** The local port of the payload at {@code at}. */
	public static int serverPort(ByteBuffer buf, int at) {
		return Short.toUnsignedInt(buf.getShort(at + SERVER_PORT_OFFSET));
	}

	/** The sender's port of the payload at {@code at}. */
	public static int peerPort(ByteBuffer buf, int at) {
		return Short.toUnsignedInt(buf.getShort(at + PEER_PORT_OFFSET));
	}

	/** The sender's address of the payload at {@code at}, as text. */
	public static String peerAddress(ByteBuffer buf, int at) {
		byte[] address = new byte[buf.get(at + ADDRESS_LENGTH_OFFSET)];
		buf.get(at + ADDRESS_OFFSET, address);
		try {
			return InetAddress.getByAddress(address).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("bad address length " + address.length, ex);
		}
	}

	/** A copy of the datagram bytes of the payload at {@code at}, {@code length} long. */
	public static byte[] data(ByteBuffer buf, int at, int length) {
		int from = ADDRESS_OFFSET + buf.get(at + ADDRESS_LENGTH_OFFSET);
		byte[] data = new byte[length - from];
		buf.get(at + from, data);
		return data;
	}

	/** A copy of the remaining bytes of {@code data}, which is left unchanged. */
	public static byte[] copy(ByteBuffer data) {
		byte[] copy = new byte[data.remaining()];
		data.get(data.position(), copy);
		return copy;
	}

}
