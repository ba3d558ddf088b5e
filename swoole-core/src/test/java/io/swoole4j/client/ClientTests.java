package io.swoole4j.client;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.protocol.FramingConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientTests {

	private ServerSocket listener;

	private Client client;

	private Socket peer;

	@BeforeEach
	void listen() throws Exception {
		this.listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
	}

	@AfterEach
	void close() throws Exception {
		if (this.client != null) {
			this.client.close();
		}
		if (this.peer != null) {
			this.peer.close();
		}
		this.listener.close();
	}

	private OutputStream connect(FramingConfig framing) throws Exception {
		this.client = Client.connect("127.0.0.1", this.listener.getLocalPort(), framing, Duration.ofSeconds(5));
		this.peer = this.listener.accept();
		return this.peer.getOutputStream();
	}

	@Test
	void recvReturnsOnePacketPerCallWhateverTheSegmentation() throws Exception {
		OutputStream out = connect(FramingConfig.lengthPrefixed(1 << 20));
		byte[] two = ByteBuffer.allocate(13)
			.putInt(1)
			.put((byte) 'a')
			.putInt(4)
			.put("bcde".getBytes(StandardCharsets.US_ASCII))
			.array();
		out.write(two, 0, 7);
		out.flush();
		assertThat(this.client.recv(Duration.ofSeconds(5))).containsExactly(0, 0, 0, 1, 'a');
		out.write(two, 7, 6);
		assertThat(this.client.recv(Duration.ofSeconds(5))).containsExactly(0, 0, 0, 4, 'b', 'c', 'd', 'e');
	}

	@Test
	void recvReturnsNullOnTimeoutAndKeepsBufferedBytes() throws Exception {
		OutputStream out = connect(FramingConfig.lengthPrefixed(1 << 20));
		out.write(new byte[] { 0, 0, 0, 2, 'x' });
		out.flush();
		assertThat(this.client.recv(Duration.ofMillis(200))).isNull();
		out.write('y');
		assertThat(this.client.recv(Duration.ofSeconds(5))).containsExactly(0, 0, 0, 2, 'x', 'y');
	}

	@Test
	void recvReturnsAnEmptyArrayWhenThePeerCloses() throws Exception {
		connect(FramingConfig.raw());
		this.peer.close();
		assertThat(this.client.recv(Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void eofFramingSplitsAtEveryMarker() throws Exception {
		OutputStream out = connect(FramingConfig.builder().openEofSplit(true).packageEof("\n").build());
		out.write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(new String(this.client.recv(Duration.ofSeconds(5)), StandardCharsets.US_ASCII)).isEqualTo("one\n");
		assertThat(new String(this.client.recv(Duration.ofSeconds(5)), StandardCharsets.US_ASCII)).isEqualTo("two\n");
	}

	@Test
	void anOversizeDeclaredLengthIsAProtocolError() throws Exception {
		OutputStream out = connect(FramingConfig.lengthPrefixed(1024));
		out.write(ByteBuffer.allocate(4).putInt(1 << 30).array());
		assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> this.client.recv(Duration.ofSeconds(5)))
			.withMessageContaining("packageMaxLength");
	}

	@Test
	void sendingNothingReturnsFalse() throws Exception {
		connect(FramingConfig.raw());
		assertThat(this.client.send(new byte[0])).isFalse();
		assertThat(this.client.send(new byte[] { 1 })).isTrue();
		assertThat(this.peer.getInputStream().read()).isEqualTo(1);
	}

}
