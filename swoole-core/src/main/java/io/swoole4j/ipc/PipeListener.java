package io.swoole4j.ipc;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.swoole4j.internal.Checks;

/**
 * The rendezvous point of socket pipes: a Unix domain socket listening on a path inside a
 * private (0700) temporary directory. The side that listens passes {@link #address()} to
 * the other side (another thread, or a child JVM on its command line), which connects
 * with {@link StreamPipe#connect(String)} or {@link MessagePipe#connect(String)}; the
 * listener then accepts the matching end. {@link #close()} removes the socket file and
 * its directory, so once every end is accepted nothing is left on disk.
 * <p>
 * Threading: accept from one thread at a time.
 */
public final class PipeListener implements AutoCloseable {

	// sun_path holds 108 bytes: stay well below it whatever java.io.tmpdir is
	private static final int MAX_PATH = 100;

	private final Path directory;

	private final Path socket;

	private final ServerSocketChannel server;

	private final Selector selector;

	private PipeListener(Path directory, Path socket, ServerSocketChannel server, Selector selector) {
		this.directory = directory;
		this.socket = socket;
		this.server = server;
		this.selector = selector;
	}

	/**
	 * Starts listening on a fresh path.
	 * @return the listener, owned by the caller
	 * @throws IOException if the directory or socket cannot be made
	 */
	public static PipeListener open() throws IOException {
		Path base = Path.of(System.getProperty("java.io.tmpdir"));
		if (base.toAbsolutePath().toString().length() > MAX_PATH - 40) {
			base = Path.of("/tmp");
		}
		Path directory = Files.createTempDirectory(base, "swoole4j-pipe-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path socket = directory.resolve("p.sock");
		ServerSocketChannel server = null;
		try {
			server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
			server.bind(UnixDomainSocketAddress.of(socket));
			server.configureBlocking(false);
			Selector selector = Selector.open();
			server.register(selector, SelectionKey.OP_ACCEPT);
			return new PipeListener(directory, socket, server, selector);
		}
		catch (IOException | RuntimeException ex) {
			if (server != null) {
				server.close();
			}
			Files.deleteIfExists(socket);
			Files.deleteIfExists(directory);
			throw ex;
		}
	}

	/**
	 * Returns where to connect: the socket's path.
	 * @return the address
	 */
	public String address() {
		return this.socket.toString();
	}

	/**
	 * Accepts one byte-stream end.
	 * @param timeout the longest wait for the other side to connect
	 * @return the end, or null if nobody connected in time
	 * @throws IOException if accepting fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	public StreamPipe acceptStream(Duration timeout) throws IOException, InterruptedException {
		SocketChannel channel = accept(timeout);
		return channel != null ? new StreamPipe(channel) : null;
	}

	/**
	 * Accepts one message end.
	 * @param timeout the longest wait for the other side to connect
	 * @param maxMessageLength the largest message this end sends or accepts
	 * @return the end, or null if nobody connected in time
	 * @throws IOException if accepting fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	public MessagePipe acceptMessage(Duration timeout, int maxMessageLength) throws IOException, InterruptedException {
		Checks.checkPositiveOrZero(maxMessageLength, "maxMessageLength");
		SocketChannel channel = accept(timeout);
		return channel != null ? new MessagePipe(channel, maxMessageLength) : null;
	}

	/**
	 * Accepts one message end with {@link MessagePipe#DEFAULT_MAX_MESSAGE_LENGTH}.
	 * @param timeout the longest wait
	 * @return the end, or null if nobody connected in time
	 * @throws IOException if accepting fails
	 * @throws InterruptedException if interrupted while waiting
	 */
	public MessagePipe acceptMessage(Duration timeout) throws IOException, InterruptedException {
		return acceptMessage(timeout, MessagePipe.DEFAULT_MAX_MESSAGE_LENGTH);
	}

	private SocketChannel accept(Duration timeout) throws IOException, InterruptedException {
		long deadline = SocketPipe.deadline(timeout.toNanos());
		while (true) {
			SocketChannel channel = this.server.accept();
			if (channel != null) {
				return channel;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return null;
			}
			this.selector.select(Math.max(1, left / 1_000_000));
			this.selector.selectedKeys().clear();
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
		}
	}

	static SocketChannel connectChannel(String address) throws IOException {
		Checks.checkNotEmpty(address, "address");
		return SocketChannel.open(UnixDomainSocketAddress.of(address));
	}

	interface EndFactory<T extends SocketPipe> {

		T create(SocketChannel channel) throws IOException;

	}

	static <T extends SocketPipe> PipePair<T> pair(EndFactory<T> factory) throws IOException {
		try (PipeListener listener = open()) {
			SocketChannel client = connectChannel(listener.address());
			SocketChannel accepted;
			try {
				// the connection is already queued: accept does not wait
				accepted = listener.accept(Duration.ofSeconds(10));
				if (accepted == null) {
					throw new IOException("connection to " + listener.address() + " was not accepted");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				client.close();
				throw new IOException("interrupted while pairing", ex);
			}
			catch (IOException ex) {
				client.close();
				throw ex;
			}
			return new PipePair<>(factory.create(accepted), factory.create(client));
		}
	}

	/**
	 * Stops listening and removes the socket file and its directory. Ends already
	 * accepted or connected stay open. Idempotent.
	 */
	@Override
	public void close() throws IOException {
		try {
			this.selector.close();
			this.server.close();
		}
		finally {
			Files.deleteIfExists(this.socket);
			Files.deleteIfExists(this.directory);
		}
	}

}
