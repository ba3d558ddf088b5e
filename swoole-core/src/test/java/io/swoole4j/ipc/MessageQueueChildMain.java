package io.swoole4j.ipc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of the message queue tests: {@code <key> <type> <count>} opens the queue
 * of {@code key}, prints {@code ready}, pops {@code count} messages of {@code type}
 * (blocking), prints them as {@code got a,b,c}, then pushes {@code "bye"} with type 99.
 */
public final class MessageQueueChildMain {

	private MessageQueueChildMain() {
	}

	public static void main(String[] args) {
		MessageQueue queue = MessageQueue.open(Integer.parseInt(args[0]));
		long type = Long.parseLong(args[1]);
		int count = Integer.parseInt(args[2]);
		System.out.println("ready");
		List<String> got = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			got.add(new String(queue.pop(type), StandardCharsets.UTF_8));
		}
		System.out.println("got " + String.join(",", got));
		queue.push(99, "bye".getBytes(StandardCharsets.UTF_8));
	}

}
