package io.swoole4j.spring.boot.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swoole4j.server.Port;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.server.SocketType;
import io.swoole4j.server.UdpPeer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code swoole.server.listeners[*]}: extra ports bound with the primary one,
 * with their own framing and handler beans.
 */
@Timeout(60)
class SwooleListenersTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SwooleServerAutoConfiguration.class))
		.withUserConfiguration(HandlersConfiguration.class)
		.withPropertyValues("swoole.server.host=127.0.0.1", "swoole.server.worker-num=2", "swoole.server.reactor-num=1",
				"swoole.server.packet-ring-size=256KB");

	@Test
	void secondTcpPortFramesWithItsOwnSettingsAndHandler() {
		this.runner.withPropertyValues("swoole.server.listeners[0].port=0", "swoole.server.listeners[0].type=tcp",
				"swoole.server.listeners[0].open-length-check=true", "swoole.server.listeners[0].package-length-type=N",
				"swoole.server.listeners[0].package-body-offset=4", "swoole.server.listeners[0].handler=framedHandler")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Server server = context.getBean(Server.class);
				List<Port> ports = server.listeners();
				assertThat(ports).hasSize(2);
				Port framed = ports.get(1);
				assertThat(framed.framing().openLengthCheck()).isTrue();
				assertThat(server.primaryPort().framing().openLengthCheck()).isFalse();
				int framedPort = context.getEnvironment()
					.getRequiredProperty(SwooleServerLifecycle.listenerPortProperty(0), Integer.class);
				assertThat(framedPort).isEqualTo(framed.port()).isPositive().isNotEqualTo(server.port());
				try (Socket socket = connect(framedPort)) {
					// two frames in one write: one event each, as the length field says
					socket.getOutputStream().write(new byte[] { 0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 1, 'x' });
					assertThat(read(socket, "framed:7;framed:5;".length())).isEqualTo("framed:7;framed:5;");
				}
				try (Socket socket = connect(server.port())) {
					socket.getOutputStream().write("raw".getBytes(StandardCharsets.UTF_8));
					assertThat(read(socket, 3)).isEqualTo("raw");
				}
			});
	}

	@Test
	void listenerWithoutFramingOrHandlerUsesThePrimaryPorts() {
		this.runner.withPropertyValues("swoole.server.listeners[0].port=0").run((context) -> {
			Server server = context.getBean(Server.class);
			Port extra = server.listeners().get(1);
			assertThat(extra.framing()).isSameAs(server.config().framing());
			assertThat(extra.handler()).isNull();
			assertThat(extra.host()).isEqualTo("127.0.0.1");
			try (Socket socket = connect(extra.port())) {
				socket.getOutputStream().write("echo".getBytes(StandardCharsets.UTF_8));
				assertThat(read(socket, 4)).isEqualTo("echo");
			}
		});
	}

	@Test
	void udpListenerDeliversDatagramsToItsHandler() {
		this.runner.withUserConfiguration(UdpHandlerConfiguration.class)
			.withPropertyValues("swoole.server.listeners[0].type=udp", "swoole.server.listeners[0].handler=udpHandler")
			.run((context) -> {
				Server server = context.getBean(Server.class);
				assertThat(server.listeners().get(1).type()).isEqualTo(SocketType.UDP);
				int udpPort = context.getEnvironment()
					.getRequiredProperty(SwooleServerLifecycle.listenerPortProperty(0), Integer.class);
				try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
					socket.setSoTimeout(10_000);
					byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
					socket.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), udpPort));
					DatagramPacket reply = new DatagramPacket(new byte[64], 64);
					socket.receive(reply);
					assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
						.isEqualTo("udp:ping");
				}
			});
	}

	@Test
	void unixStreamListenerServesTheSocketFileAndRemovesItOnClose() throws IOException {
		Path directory = Files.createTempDirectory("swoole-listener");
		Path socketFile = directory.resolve("s.sock");
		try {
			this.runner
				.withPropertyValues("swoole.server.listeners[0].type=unix-stream",
						"swoole.server.listeners[0].host=" + socketFile)
				.run((context) -> {
					Server server = context.getBean(Server.class);
					assertThat(server.listeners().get(1).type()).isEqualTo(SocketType.UNIX_STREAM);
					assertThat(context.getEnvironment()
						.getRequiredProperty(SwooleServerLifecycle.listenerPortProperty(0), Integer.class)).isZero();
					try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socketFile))) {
						channel.write(ByteBuffer.wrap("unix".getBytes(StandardCharsets.UTF_8)));
						byte[] reply = Channels.newInputStream(channel).readNBytes(4);
						assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("unix");
					}
				});
			assertThat(socketFile).doesNotExist();
		}
		finally {
			Files.deleteIfExists(socketFile);
			Files.delete(directory);
		}
	}

	@Test
	void listenerPackageMaxLengthAboveThePrimaryPortsNamesItsProperty() {
		this.runner
			.withPropertyValues("swoole.server.listeners[0].open-length-check=true",
					"swoole.server.listeners[0].package-max-length=64MB")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("swoole.server.listeners[0].package-max-length"));
	}

	@Test
	void unknownHandlerBeanFailsTheStartup() {
		this.runner.withPropertyValues("swoole.server.listeners[0].handler=missing")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("missing"));
	}

	private static Socket connect(int port) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static String read(Socket socket, int length) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(socket.getInputStream().readNBytes(length));
		return out.toString(StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	static class HandlersConfiguration {

		@Bean
		ServerHandler echoHandler() {
			return ServerHandler.onReceive((server, session, reactor, packet) -> server.send(session, packet));
		}

		@Bean
		ServerHandler.OnReceive framedHandler() {
			return (server, session, reactor, packet) -> server.send(session, "framed:" + packet.length() + ";");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UdpHandlerConfiguration {

		@Bean
		ServerHandler udpHandler() {
			return new ServerHandler() {

				@Override
				public void onPacket(Server server, byte[] data, UdpPeer peer) {
					server.sendto(peer.address(), peer.port(),
							("udp:" + new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
				}

			};
		}

	}

}
