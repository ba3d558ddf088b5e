package io.swoole4j.ipc;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The child JVM of the pipe tests. Modes:
 * <ul>
 * <li>{@code stream <address>}: connects and echoes every byte until end of stream;</li>
 * <li>{@code message <address>}: connects and echoes every message until the parent
 * closes;</li>
 * <li>{@code event <pid> <fd>}: attaches the parent's eventfd, adds 1..100 to it, then
 * waits for a line on standard input, reads one value the parent writes and prints
 * it.</li>
 * </ul>
 * Prints {@code ready} once connected and {@code done} at the end.
 */
public final class PipeChildMain {

	private PipeChildMain() {
	}

	public static void main(String[] args) throws Exception {
		switch (args[0]) {
			case "stream" -> {
				try (StreamPipe pipe = StreamPipe.connect(args[1])) {
					System.out.println("ready");
					ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
					while (pipe.read(buffer.clear()) != StreamPipe.END_OF_STREAM) {
						pipe.write(buffer.flip());
					}
				}
			}
			case "message" -> {
				try (MessagePipe pipe = MessagePipe.connect(args[1])) {
					System.out.println("ready");
					try {
						while (true) {
							pipe.send(pipe.receive());
						}
					}
					catch (EOFException ex) {
						// the parent closed its end: the echo is over
					}
				}
			}
			case "event" -> {
				try (EventPipe pipe = EventPipe.attach(Long.parseLong(args[1]), Integer.parseInt(args[2]))) {
					System.out.println("ready");
					for (int i = 1; i <= 100; i++) {
						pipe.write(i);
					}
					System.out.println("wrote");
					// the parent drains the counter first, then says "go" and writes once
					new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
					System.out.println("read " + pipe.read());
				}
			}
			default -> throw new IllegalArgumentException(args[0]);
		}
		System.out.println("done");
	}

}
