package io.swoole4j.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

import io.swoole4j.internal.Checks;
import io.swoole4j.protocol.FrameDecoder;
import io.swoole4j.protocol.FramingConfig;

/**
 * Blocking TCP client (Swoole's synchronous {@code Client}) whose {@link #recv} returns
 * exactly one packet per call, cut by the same {@link FrameDecoder} the server uses;
 * bytes after that packet are kept for the next call.
 * <p>
 * Not thread-safe: one thread uses a client at a time. {@code TCP_NODELAY} is on.
 */
public final class Client implements AutoCloseable {

	/** Default connect timeout: 0.5 s, as Swoole's {@code connect()}. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);

	/** Size of one socket read (64 KiB, Swoole's client receive buffer). */
	public static final int READ_SIZE = 64 * 1024;

	private static final byte[] PEER_CLOSED = new byte[0];

	private final FramingConfig framing;

	private final FrameDecoder decoder;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private byte[] buf = new byte[READ_SIZE];

	private ByteBuffer view = ByteBuffer.wrap(this.buf);

	private int start;

	private int end;

	/** An unconnected client framing packets as {@code framing} says. */
	public Client(FramingConfig framing) {
		this.framing = Checks.checkNotNull(framing, "framing");
		this.decoder = framing.newDecoder();
	}

	/**
	 * Opens a client and connects it.
	 * @throws IOException when the connection cannot be made within the timeout
	 */
	public static Client connect(String host, int port, FramingConfig framing, Duration timeout) throws IOException {
		Client client = new Client(framing);
		try {
			client.connect(host, port, timeout);
		}
		catch (IOException ex) {
			client.close();
			throw ex;
		}
		return client;
	}

	/**
	 * Connects to {@code host:port}.
	 * @throws IllegalStateException if already connected
	 * @throws IOException when the connection cannot be made within the timeout
	 */
	public void connect(String host, int port, Duration timeout) throws IOException {
		if (this.socket != null) {
			throw new IllegalStateException("already connected");
		}
		Socket s = new Socket();
		try {
			s.setTcpNoDelay(true);
			s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
		}
		catch (IOException ex) {
			s.close();
			throw ex;
		}
		this.socket = s;
		this.in = s.getInputStream();
		this.out = s.getOutputStream();
	}

	/** Whether {@link #connect} succeeded and {@link #close} was not called. */
	public boolean isConnected() {
		return this.socket != null && !this.socket.isClosed();
	}

	/** The framing this client uses. */
	public FramingConfig framing() {
		return this.framing;
	}

	/** The local address of the connection, or null when not connected. */
	public InetSocketAddress localAddress() {
		return (this.socket != null) ? (InetSocketAddress) this.socket.getLocalSocketAddress() : null;
	}

	/**
	 * Writes all of {@code data} (blocking).
	 * @return false for empty data (nothing is sent), true when written
	 * @throws IOException on a write error (for example the peer reset the connection)
	 */
	public boolean send(byte[] data) throws IOException {
		return send(data, 0, data.length);
	}

	/**
	 * Writes {@code len} bytes of {@code data} from {@code off}; see
	 * {@link #send(byte[])}.
	 */
	public boolean send(byte[] data, int off, int len) throws IOException {
		if (len == 0) {
			return false;
		}
		requireConnected().write(data, off, len);
		return true;
	}

	/**
	 * Receives one packet, waiting at most {@code timeout}.
	 * @return the packet (header and EOF included), an empty array when the peer closed
	 * the connection, or null on timeout (buffered bytes are kept)
	 * @throws ProtocolException when the server sent a packet the framing rejects
	 * @throws IOException on a read error
	 */
	public byte[] recv(Duration timeout) throws IOException {
		requireConnected();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (this.end > this.start) {
				int n = this.decoder.decode(this.view, this.start, this.end);
				if (n > 0) {
					byte[] packet = Arrays.copyOfRange(this.buf, this.start, this.start + n);
					this.start += n;
					if (this.start == this.end) {
						this.start = 0;
						this.end = 0;
					}
					return packet;
				}
				if (n < 0) {
					throw new ProtocolException(FrameDecoder.describeError(n) + " (" + this.decoder.describe() + ")");
				}
			}
			long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
			if (remainingMillis <= 0) {
				return null;
			}
			makeRoom();
			this.socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
			int read;
			try {
				read = this.in.read(this.buf, this.end, this.buf.length - this.end);
			}
			catch (SocketTimeoutException ex) {
				return null;
			}
			if (read < 0) {
				return PEER_CLOSED;
			}
			this.end += read;
		}
	}

	private void makeRoom() {
		int pending = this.end - this.start;
		if (this.start > 0) {
			System.arraycopy(this.buf, this.start, this.buf, 0, pending);
			this.start = 0;
			this.end = pending;
		}
		// the decoder has already checked a declared total against packageMaxLength, so
		// growing to it reserves no more than the limit
		int expected = this.decoder.expectedLength(this.view, 0, this.end);
		if (this.end == this.buf.length || expected > this.buf.length) {
			this.buf = Arrays.copyOf(this.buf, Math.max(expected, this.buf.length * 2));
			this.view = ByteBuffer.wrap(this.buf);
		}
	}

	/**
	 * Half-closes the connection: no more sends, but {@link #recv} still works.
	 * @throws IOException on a socket error
	 */
	public void shutdownOutput() throws IOException {
		requireConnected();
		this.socket.shutdownOutput();
	}

	/**
	 * Closes the connection; with {@code reset} the peer sees a RST instead of a FIN.
	 * Idempotent.
	 */
	public void close(boolean reset) {
		Socket s = this.socket;
		if (s == null || s.isClosed()) {
			return;
		}
		try {
			if (reset) {
				s.setSoLinger(true, 0);
			}
			s.close();
		}
		catch (IOException ex) {
			// best-effort close: the socket is unusable either way
		}
	}

	/** Closes the connection gracefully (FIN). Idempotent. */
	@Override
	public void close() {
		close(false);
	}

	private OutputStream requireConnected() {
		if (this.socket == null || this.socket.isClosed()) {
			throw new IllegalStateException("not connected");
		}
		return this.out;
	}

}
