package io.swoole4j.ipc;

/**
 * The child JVM of the cross-JVM channel test: {@code <name> <producerId> <producers>
 * <perProducer>} attaches the channel, prints {@code ready}, runs one producer and one
 * consumer thread until every message of every producer is popped, then prints its
 * consumer's tally ({@code tally <producer> <count> <sum> <sumOfSquares>} per producer)
 * and any {@code error} lines.
 */
public final class ChannelChildMain {

	private ChannelChildMain() {
	}

	public static void main(String[] args) throws Exception {
		int producerId = Integer.parseInt(args[1]);
		int producers = Integer.parseInt(args[2]);
		int perProducer = Integer.parseInt(args[3]);
		try (Channel channel = Channel.attach(args[0])) {
			System.out.println("ready");
			Thread producer = Thread.ofPlatform().start(() -> {
				try {
					ChannelTraffic.produce(channel, producerId, perProducer);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			ChannelTraffic.Tally tally = ChannelTraffic.consume(channel, producers, (long) producers * perProducer);
			producer.join();
			for (int p = 0; p < producers; p++) {
				System.out.println(tally.line(p));
			}
			tally.errors.forEach((error) -> System.out.println("error " + error));
			System.out.println("done");
		}
	}

}
