package io.swoole4j.spring.boot.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import io.swoole4j.server.Packet;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.table.Table;

/**
 * An application built only on the starter, for the integration tests: an echo server
 * that counts each packet in the {@code hits} table, keyed by its first byte, after an
 * optional simulated delay ({@code test.echo-delay}).
 */
@SpringBootApplication
public class SwooleTestApplication {

	@Bean
	ServerHandler echoHandler(Table hits, @Value("${test.echo-delay:0ms}") Duration delay) {
		return new ServerHandler() {

			@Override
			public void onReceive(Server server, long sessionId, int reactorId, Packet packet) {
				byte[] data = packet.toByteArray();
				if (delay.isPositive()) {
					// simulated work, so that a shutdown finds events in flight
					LockSupport.parkNanos(delay.toNanos());
				}
				hits.incr(new String(data, 0, 1, StandardCharsets.ISO_8859_1), hits.column("count"), 1);
				server.send(sessionId, data);
			}

		};
	}

}
