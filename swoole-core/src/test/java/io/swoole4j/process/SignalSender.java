package io.swoole4j.process;

/**
 * A child JVM that sends one signal to a process and exits: {@code pid signal-name}.
 */
public final class SignalSender {

	private SignalSender() {
	}

	public static void main(String[] args) {
		boolean sent = Signals.kill(Long.parseLong(args[0]), Signal.valueOf(args[1]));
		System.out.println("sent " + sent);
	}

}
