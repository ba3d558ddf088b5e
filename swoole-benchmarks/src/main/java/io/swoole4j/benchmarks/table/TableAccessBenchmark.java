package io.swoole4j.benchmarks.table;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.values.Values;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.swoole4j.table.Column;
import io.swoole4j.table.ColumnType;
import io.swoole4j.table.RowWriter;
import io.swoole4j.table.Table;

/**
 * One row of four longs per key, read and written through the swoole4j {@link Table},
 * {@code ConcurrentHashMap<String, long[]>} and Chronicle Map 2026.1, on the same keys in
 * the same scattered order. Run with {@code -t 1} and {@code -t 2}:
 * <ul>
 * <li>{@code getLong}: read column a;</li>
 * <li>{@code setLong}: write column a of an existing row;</li>
 * <li>{@code incr}: atomically add 1 to column a;</li>
 * <li>{@code setRow}: write all four columns as one consistent set.</li>
 * </ul>
 * The peers do each the way their users would: the map updates its long[] in place with a
 * plain store (setLong) or a VarHandle getAndAdd (incr) and replaces the array for a
 * consistent row; Chronicle copies a value out with {@code getUsing}, writes through an
 * off-heap reference from {@code acquireUsing} ({@code addAtomicA} for incr) and
 * {@code put}s a whole row. The Table is sized at twice the keys, as its capacity rule
 * asks (only keys whose bucket is taken use the conflict slices).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
		"-Dchronicle.analytics.disable=true", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
		"--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
		"--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
		"--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
		"--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
		"--add-opens=java.base/java.util=ALL-UNNAMED", "-Xmx2g", "-XX:MaxDirectMemorySize=4g" })
public class TableAccessBenchmark {

	private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

	/** A prime larger than any key count: walks the keys in a scattered order. */
	private static final int STRIDE = 1_000_003;

	@Param({ "table", "chm", "chronicle" })
	public String impl;

	@Param({ "1000", "1000000" })
	public int keys;

	private String[] names;

	private Table table;

	private Column a;

	private Column b;

	private Column c;

	private Column d;

	private ConcurrentHashMap<String, long[]> map;

	private ChronicleMap<CharSequence, ChronicleRow> chronicle;

	@Setup(Level.Trial)
	public void setUp() {
		this.names = new String[this.keys];
		for (int i = 0; i < this.keys; i++) {
			this.names[i] = "key-" + i;
		}
		switch (this.impl) {
			case "table" -> {
				this.table = Table.builder()
					.size(2 * this.keys)
					.column("a", ColumnType.INT)
					.column("b", ColumnType.INT)
					.column("c", ColumnType.INT)
					.column("d", ColumnType.INT)
					.create();
				this.a = this.table.column("a");
				this.b = this.table.column("b");
				this.c = this.table.column("c");
				this.d = this.table.column("d");
				for (String name : this.names) {
					if (!this.table.setLong(name, this.a, 1)) {
						throw new IllegalStateException("table full at " + this.table.count() + " keys");
					}
				}
			}
			case "chm" -> {
				this.map = new ConcurrentHashMap<>(2 * this.keys);
				for (String name : this.names) {
					this.map.put(name, new long[] { 1, 0, 0, 0 });
				}
			}
			case "chronicle" -> {
				this.chronicle = ChronicleMap.of(CharSequence.class, ChronicleRow.class)
					.name("table-benchmark")
					.entries(this.keys)
					.averageKeySize(11)
					.create();
				ChronicleRow row = Values.newHeapInstance(ChronicleRow.class);
				row.setA(1);
				for (String name : this.names) {
					this.chronicle.put(name, row);
				}
			}
			default -> throw new IllegalArgumentException(this.impl);
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		if (this.table != null) {
			this.table.close();
		}
		if (this.chronicle != null) {
			this.chronicle.close();
		}
	}

	/** Per thread: where it is in the key order, and Chronicle's reusable values. */
	@State(Scope.Thread)
	public static class Cursor {

		int next;

		long value;

		ChronicleRow heapRow;

		ChronicleRow offHeapRow;

		@Setup(Level.Trial)
		public void setUp(TableAccessBenchmark benchmark) {
			this.next = (int) (Thread.currentThread().threadId() * 7919);
			if (benchmark.chronicle != null) {
				// only Chronicle's runs pay for loading it and generating the value
				// classes
				this.heapRow = Values.newHeapInstance(ChronicleRow.class);
				this.offHeapRow = Values.newNativeReference(ChronicleRow.class);
			}
		}

		String key(String[] names) {
			int at = (int) (Integer.toUnsignedLong(this.next) % names.length);
			this.next += STRIDE;
			return names[at];
		}

	}

	@Benchmark
	public long getLong(Cursor cursor) {
		String key = cursor.key(this.names);
		return switch (this.impl) {
			case "table" -> this.table.getLong(key, this.a, -1);
			case "chm" -> {
				long[] row = this.map.get(key);
				yield (row != null) ? row[0] : -1;
			}
			default -> {
				ChronicleRow row = this.chronicle.getUsing(key, cursor.heapRow);
				yield (row != null) ? row.getA() : -1;
			}
		};
	}

	@Benchmark
	public boolean setLong(Cursor cursor) {
		String key = cursor.key(this.names);
		long value = ++cursor.value;
		switch (this.impl) {
			case "table" -> {
				return this.table.setLong(key, this.a, value);
			}
			case "chm" -> {
				this.map.get(key)[0] = value;
				return true;
			}
			default -> {
				this.chronicle.acquireUsing(key, cursor.offHeapRow).setA(value);
				return true;
			}
		}
	}

	@Benchmark
	public long incr(Cursor cursor) {
		String key = cursor.key(this.names);
		return switch (this.impl) {
			case "table" -> this.table.incr(key, this.a, 1);
			case "chm" -> (long) LONGS.getAndAdd(this.map.get(key), 0, 1L) + 1;
			default -> this.chronicle.acquireUsing(key, cursor.offHeapRow).addAtomicA(1);
		};
	}

	@Benchmark
	public boolean setRow(Cursor cursor) {
		String key = cursor.key(this.names);
		long value = ++cursor.value;
		switch (this.impl) {
			case "table" -> {
				try (RowWriter row = this.table.writer(key)) {
					row.setLong(this.a, value).setLong(this.b, value).setLong(this.c, value).setLong(this.d, value);
				}
				return true;
			}
			case "chm" -> {
				this.map.put(key, new long[] { value, value, value, value });
				return true;
			}
			default -> {
				ChronicleRow row = cursor.heapRow;
				row.setA(value);
				row.setB(value);
				row.setC(value);
				row.setD(value);
				this.chronicle.put(key, row);
				return true;
			}
		}
	}

}
