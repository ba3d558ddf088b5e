package io.swoole4j.server;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.client.Client;
import io.swoole4j.protocol.FramingConfig;
import io.swoole4j.testing.UniqueNames;

import static io.swoole4j.server.ServerTestSupport.WAIT;
import static io.swoole4j.server.ServerTestSupport.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Several listeners in one server (spec §18.7 {@code addListener}, {@code sendto},
 * {@code onPacket}): TCP ports with their own framing and handler, UDP, Unix stream. Run
 * once per {@link Mode} by the subclasses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractListenerTests extends AbstractServerResourceTests {

	Server server(ServerHandler handler) {
		return server(ServerTestSupport.lengthConfig(mode()), handler);
	}

	/** Answers every line with {@code "line:" + line}. */
	static final class LineHandler implements ServerHandler {

		@Override
		public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
			server.send(sessionId, "line:" + packet.toString(StandardCharsets.UTF_8));
		}

	}

	/** Echoes every datagram to its sender. */
	static final class UdpEcho implements ServerHandler {

		@Override
		public void onPacket(Server server, byte[] data, UdpPeer peer) {
			server.sendto(peer.address(), peer.port(), data);
		}

	}

	@Test
	void secondTcpPortFramesWithItsOwnSettingsAndHandler() throws Exception {
		Server server = server(new Recorder());
		Port lines = server.addListener("127.0.0.1", 0, SocketType.TCP)
			.framing(FramingConfig.builder().openEofCheck(true).openEofSplit(true).packageEof("\n").build())
			.handler(new LineHandler());
		assertThat(lines.port()).isEqualTo(-1);
		server.start();
		assertThat(lines.port()).isPositive().isNotEqualTo(server.port());
		assertThat(server.primaryPort().port()).isEqualTo(server.port());

		Client length = ServerTestSupport.lengthClient(server);
		track(length);
		Client line = Client.connect("127.0.0.1", lines.port(),
				FramingConfig.builder().openEofCheck(true).openEofSplit(true).packageEof("\n").build(), WAIT);
		track(line);
		line.send("a\nbb\n".getBytes(StandardCharsets.UTF_8));
		length.send(frame("framed"));
		assertThat(length.recv(WAIT)).isEqualTo(frame("framed"));
		assertThat(new String(line.recv(WAIT), StandardCharsets.UTF_8)).isEqualTo("line:a\n");
		assertThat(new String(line.recv(WAIT), StandardCharsets.UTF_8)).isEqualTo("line:bb\n");

		assertThat(lines.stats()).containsEntry("connection_num", 1L).containsEntry("accept_count", 1L);
		assertThat(server.primaryPort().stats()).containsEntry("connection_num", 1L).containsEntry("accept_count", 1L);
		line.close();
		await().atMost(WAIT).until(() -> lines.stats().get("close_count") == 1L);
		await().atMost(WAIT).until(() -> lines.stats().get("connection_num") == 0L);
		assertThat(server.primaryPort().stats()).containsEntry("connection_num", 1L).containsEntry("close_count", 0L);
		assertThat(server.stats()).containsEntry("accept_count", 2L);
	}

	@Test
	void udpEchoWorksBesideATcpPort() throws Exception {
		Server server = server(new Recorder());
		Port udp = server.addListener("127.0.0.1", 0, SocketType.UDP).handler(new UdpEcho());
		server.start();
		assertThat(udp.port()).isPositive();
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			socket.setSoTimeout(10_000);
			for (int i = 0; i < 5; i++) {
				byte[] data = ("datagram-" + i).getBytes(StandardCharsets.UTF_8);
				socket.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", udp.port())));
				DatagramPacket reply = new DatagramPacket(new byte[100], 100);
				socket.receive(reply);
				assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
					.isEqualTo("datagram-" + i);
				assertThat(reply.getPort()).isEqualTo(udp.port());
			}
		}
		Client tcp = ServerTestSupport.lengthClient(server);
		track(tcp);
		tcp.send(frame("tcp"));
		assertThat(tcp.recv(WAIT)).isEqualTo(frame("tcp"));
		assertThat(server.sendto("127.0.0.1", udp.port(), new byte[0])).isFalse();
	}

	@Test
	void udpPacketsFallBackToTheServerHandler() throws Exception {
		Server server = server(new UdpEcho());
		Port udp = server.addListener("127.0.0.1", 0, SocketType.UDP);
		server.start();
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
			socket.setSoTimeout(10_000);
			byte[] data = "ping".getBytes(StandardCharsets.UTF_8);
			socket.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", udp.port())));
			DatagramPacket reply = new DatagramPacket(new byte[100], 100);
			socket.receive(reply);
			assertThat(reply.getLength()).isEqualTo(4);
		}
	}

	@Test
	void sendtoWithoutAUdpPortReturnsFalse() {
		Server server = server(new Recorder());
		server.start();
		assertThat(server.sendto("127.0.0.1", 9, new byte[] { 1 })).isFalse();
	}

	@Test
	void unixStreamPortServesConnectionsAndRemovesItsFile() throws Exception {
		Path path = Path.of(System.getProperty("java.io.tmpdir"), UniqueNames.next("swoole-port") + ".sock");
		Recorder recorder = new Recorder();
		Server server = server(recorder);
		Port unix = server.addListener(path.toString(), 0, SocketType.UNIX_STREAM);
		server.start();
		assertThat(unix.port()).isZero();
		assertThat(Files.exists(path)).isTrue();
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(path));
			byte[] request = frame("over unix");
			channel.write(ByteBuffer.wrap(request));
			ByteBuffer answer = ByteBuffer.allocate(request.length);
			while (answer.hasRemaining() && channel.read(answer) >= 0) {
				// read the whole echo
			}
			assertThat(answer.array()).isEqualTo(request);
			long session = recorder.events.keySet().iterator().next();
			assertThat(server.getClientInfo(session).remotePort()).isZero();
		}
		await().atMost(WAIT).until(() -> unix.stats().get("close_count") == 1L);
		server.shutdown();
		assertThat(Files.exists(path)).isFalse();
	}

	@Test
	void listenersAreAddedBeforeStartOnly() {
		Server server = server(new Recorder());
		assertThatIllegalArgumentException().isThrownBy(() -> server.addListener("127.0.0.1", 70000, SocketType.TCP));
		Port udp = server.addListener("127.0.0.1", 0, SocketType.UDP);
		assertThatIllegalArgumentException().isThrownBy(() -> udp.framing(FramingConfig.raw()));
		server.start();
		assertThatIllegalStateException().isThrownBy(() -> server.addListener("127.0.0.1", 0, SocketType.TCP));
		assertThatIllegalStateException().isThrownBy(() -> udp.handler(new Recorder()));
		assertThat(server.listeners()).hasSize(2).first().isSameAs(server.primaryPort());
	}

}
