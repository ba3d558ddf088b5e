package io.swoole4j.table;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The child JVM of {@link TableSharedTests}: attaches a named table and incrs, churns
 * rows while checking them, or takes a row lock and keeps it until killed. Talks to the
 * parent over standard input and output.
 */
public final class TableChildMain {

	private TableChildMain() {
	}

	public static void main(String[] args) throws Exception {
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (Table table = Table.attach(args[1])) {
			switch (args[0]) {
				case "incr" -> {
					int threads = Integer.parseInt(args[2]);
					int count = Integer.parseInt(args[3]);
					System.out.println("ready");
					in.readLine();
					incrementConcurrently(table, threads, count);
					System.out.println("done");
				}
				case "churn" -> {
					long millis = Long.parseLong(args[2]);
					System.out.println("ready");
					in.readLine();
					long[] result = TornRows.churn(table, millis, -1);
					System.out.println("checked " + result[0] + " torn " + result[1]);
				}
				case "hold" -> {
					table.lockBucketForTesting(args[2]);
					System.out.println("locked");
					in.readLine();
				}
				default -> throw new IllegalArgumentException(args[0]);
			}
		}
	}

	static void incrementConcurrently(Table table, int threads, int count) throws InterruptedException {
		Column hits = table.column("hits");
		List<Thread> started = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			started.add(Thread.ofPlatform().start(() -> {
				for (int i = 0; i < count; i++) {
					table.incr("counter", hits, 1);
				}
			}));
		}
		for (Thread thread : started) {
			thread.join();
		}
	}

	/**
	 * Writes rows whose columns are a consistent set (b = ~a, f = a / 2, s = "v" + a),
	 * deletes some, and reads them back both as rows and by iteration.
	 */
	static final class TornRows {

		static final int KEYS = 8;

		private TornRows() {
		}

		static Table.Builder schema() {
			return Table.builder()
				.size(64)
				.column("a", ColumnType.INT, 8)
				.column("b", ColumnType.INT, 8)
				.column("f", ColumnType.FLOAT)
				.column("s", ColumnType.STRING, 24);
		}

		/**
		 * @param sign +1 or -1, so that two writers write different values
		 * @return {rows checked, torn rows}
		 */
		static long[] churn(Table table, long millis, long sign) {
			Column a = table.column("a");
			Column b = table.column("b");
			Column f = table.column("f");
			Column s = table.column("s");
			ThreadLocalRandom random = ThreadLocalRandom.current();
			long checked = 0;
			long torn = 0;
			long deadline = System.nanoTime() + millis * 1_000_000;
			for (long n = 1; System.nanoTime() < deadline; n++) {
				String key = "row" + random.nextInt(KEYS);
				long value = sign * n;
				if (n % 16 == 0) {
					table.del(key);
				}
				else {
					try (RowWriter writer = table.writer(key)) {
						writer.setLong(a, value).setLong(b, ~value).setDouble(f, value / 2.0).setString(s, "v" + value);
					}
				}
				Row row = table.get("row" + random.nextInt(KEYS));
				if (row != null) {
					checked++;
					torn += isTorn(row, a, b, f, s) ? 1 : 0;
				}
				if (n % 256 == 0) {
					for (Row each : table) {
						checked++;
						torn += isTorn(each, a, b, f, s) ? 1 : 0;
					}
				}
			}
			return new long[] { checked, torn };
		}

		static boolean isTorn(Row row, Column a, Column b, Column f, Column s) {
			long value = row.getLong(a);
			return row.getLong(b) != ~value || row.getDouble(f) != value / 2.0 || !row.getString(s).equals("v" + value);
		}

	}

}
