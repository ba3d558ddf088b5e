package io.swoole4j.spring.boot.process;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import io.swoole4j.server.ServerHandler;

/**
 * A Spring Boot application on the starter in PROCESS mode, as its worker JVMs run it
 * again: a length-framed echo that answers {@code pid} with the worker JVM's pid.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ProcessModeTestApplication {

	@Bean
	ServerHandler echo() {
		return ServerHandler.onReceive((server, session, reactor, packet) -> {
			String body = new String(packet.toByteArray(), 4, packet.length() - 4,
					java.nio.charset.StandardCharsets.UTF_8);
			if (body.equals("pid")) {
				byte[] pid = Long.toString(ProcessHandle.current().pid())
					.getBytes(java.nio.charset.StandardCharsets.UTF_8);
				server.send(session, java.nio.ByteBuffer.allocate(4 + pid.length).putInt(pid.length).put(pid).flip());
			}
			else {
				server.send(session, packet);
			}
		});
	}

	public static void main(String[] args) {
		SpringApplication.run(ProcessModeTestApplication.class, args);
	}

}
