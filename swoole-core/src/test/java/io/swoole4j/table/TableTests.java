package io.swoole4j.table;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Spec §20 item 21: Table basics.
 */
class TableTests {

	private Table table;

	private Column hits;

	private Column small;

	private Column score;

	private Column name;

	@BeforeEach
	void createTable() {
		this.table = Table.builder()
			.size(100)
			.column("hits", ColumnType.INT, 8)
			.column("small", ColumnType.INT, 1)
			.column("score", ColumnType.FLOAT)
			.column("name", ColumnType.STRING, 10)
			.create();
		this.hits = this.table.column("hits");
		this.small = this.table.column("small");
		this.score = this.table.column("score");
		this.name = this.table.column("name");
	}

	@AfterEach
	void closeTable() {
		this.table.close();
	}

	@Test
	void roundsSizeUpToPowerOfTwoWithMinimumOf64() {
		assertThat(TableDescriptor.buckets(1)).isEqualTo(64);
		assertThat(TableDescriptor.buckets(64)).isEqualTo(64);
		assertThat(TableDescriptor.buckets(65)).isEqualTo(128);
		assertThat(TableDescriptor.buckets(100)).isEqualTo(128);
		assertThat(TableDescriptor.buckets(1024)).isEqualTo(1024);
		assertThat(this.table.size()).isEqualTo(128);
		assertThat(this.table.capacity()).isEqualTo(128);
		assertThatIllegalArgumentException().isThrownBy(() -> Table.builder().size(0))
			.withMessage("size: 0 (expected: in [1, 1073741824])");
	}

	@Test
	void tellsMemorySizeBeforeCreationByTheDescriptorFormula() {
		Table.Builder builder = Table.builder()
			.size(1000)
			.column("a", ColumnType.INT, 4)
			.column("s", ColumnType.STRING, 10)
			.conflictProportion(0.5);
		// data: a at 0 (4 bytes), s at 4 (4-byte length + 10) = 18, aligned to 24
		long expected = TableDescriptor.ROWS_OFFSET + (1024L + 512) * TableDescriptor.rowStride(24);
		assertThat(builder.memorySize()).isEqualTo(expected);
		try (Table created = builder.create()) {
			assertThat(created.memorySize()).isEqualTo(expected);
			assertThat(created.memoryBytes()).isEqualTo(expected);
			assertThat(created.stats().totalSlices()).isEqualTo(512);
		}
	}

	@Test
	void sequentialKeysSpreadOverBucketsSoThatSixHundredFitIn1024RowsWithDefaultConflictArea() {
		// with random hashing, 600 keys in 1,024 buckets overflow about 146 rows into a
		// 204-slice conflict area; unmixed DJBX33A filled it before 500 such keys
		try (Table sequential = Table.builder().size(1024).column("v", ColumnType.INT, 8).create()) {
			Column v = sequential.column("v");
			for (int i = 0; i < 600; i++) {
				assertThat(sequential.setLong("p" + i, v, i)).as("set p%d", i).isTrue();
			}
			assertThat(sequential.count()).isEqualTo(600);
			assertThat(sequential.getLong("p599", v, -1)).isEqualTo(599);
		}
	}

	@Test
	void getAfterSetReturnsWrittenValuesAndZeroForUnwrittenColumnsOfNewRow() {
		assertThat(this.table.setLong("alice", this.hits, 42)).isTrue();
		assertThat(this.table.getLong("alice", this.hits, -1)).isEqualTo(42);
		assertThat(this.table.getLong("alice", this.small, -1)).isZero();
		assertThat(this.table.getDouble("alice", this.score, -1)).isZero();
		assertThat(this.table.getString("alice", this.name)).isEmpty();
		assertThat(this.table.getRow("alice")).containsExactly(Map.entry("hits", 42L), Map.entry("small", 0L),
				Map.entry("score", 0.0), Map.entry("name", ""));
	}

	@Test
	void partialUpdateKeepsOtherColumns() {
		this.table.set("bob", Map.of("hits", 7, "name", "Bob", "score", 1.5));
		this.table.set("bob", Map.of("hits", 8));
		this.table.setString("bob", this.name, "Bobby");
		assertThat(this.table.getRow("bob")).containsEntry("hits", 8L)
			.containsEntry("score", 1.5)
			.containsEntry("name", "Bobby");
	}

	@Test
	void setOfMapIgnoresUnknownColumnsAndConvertsNumbers() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("hits", "12");
		values.put("score", 3);
		values.put("nosuch", "ignored");
		assertThat(this.table.set("carol", values)).isTrue();
		assertThat(this.table.getRow("carol")).containsEntry("hits", 12L).containsEntry("score", 3.0);
		assertThat(this.table.getRow("carol")).doesNotContainKey("nosuch");
	}

	@Test
	void setOfMapChecksEveryValueBeforeWritingAny() {
		this.table.setLong("dave", this.hits, 1);
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("hits", 2);
		values.put("name", "far too long for ten");
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.set("dave", values))
			.withMessageContaining("value of column \"name\": 20 bytes (expected: at most 10 bytes of UTF-8)");
		assertThat(this.table.getLong("dave", this.hits, -1)).isEqualTo(1);
	}

	@Test
	void missingKeyOrFieldIsAbsentNotZero() {
		assertThat(this.table.getLong("ghost", this.hits, -7)).isEqualTo(-7);
		assertThat(this.table.getDouble("ghost", this.score, Double.NaN)).isNaN();
		assertThat(this.table.getString("ghost", this.name)).isNull();
		assertThat(this.table.getBytes("ghost", this.name, new byte[10])).isEqualTo(-1);
		assertThat(this.table.get("ghost")).isNull();
		assertThat(this.table.getRow("ghost")).isNull();
		assertThat(this.table.get("ghost", "hits")).isNull();
		this.table.setLong("real", this.hits, 0);
		assertThat(this.table.get("real", "hits")).isEqualTo(0L);
		assertThat(this.table.get("real", "nosuch")).isNull();
		assertThat(this.table.exists("ghost")).isFalse();
		assertThat(this.table.exists("real")).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.column("nosuch"))
			.withMessageStartingWith("column: \"nosuch\"");
	}

	@Test
	void countEqualsDistinctLiveKeysAfterSetsAndDeletes() {
		for (int i = 0; i < 50; i++) {
			this.table.setLong("k" + i, this.hits, i);
			this.table.setLong("k" + i, this.hits, i + 1);
		}
		assertThat(this.table.count()).isEqualTo(50);
		for (int i = 0; i < 50; i += 2) {
			assertThat(this.table.del("k" + i)).isTrue();
		}
		assertThat(this.table.del("k0")).isFalse();
		assertThat(this.table.count()).isEqualTo(25);
		for (int i = 0; i < 50; i++) {
			assertThat(this.table.exists("k" + i)).isEqualTo(i % 2 == 1);
		}
	}

	@Test
	void enforcesKeyLengthOfOneTo63BytesWithoutTruncating() {
		String max = "k".repeat(63);
		assertThat(this.table.setLong(max, this.hits, 1)).isTrue();
		assertThat(this.table.getLong(max, this.hits, -1)).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.setLong("k".repeat(64), this.hits, 1))
			.withMessage("key: 64 bytes (expected: 1 to 63 bytes of UTF-8)");
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.setLong("", this.hits, 1))
			.withMessage("key: 0 bytes (expected: 1 to 63 bytes of UTF-8)");
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.exists(new byte[64]));
		// 31 two-byte characters = 62 bytes fit, 32 = 64 bytes do not
		assertThat(this.table.setLong("é".repeat(31), this.hits, 2)).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.setLong("é".repeat(32), this.hits, 2))
			.withMessage("key: 64 bytes (expected: 1 to 63 bytes of UTF-8)");
		assertThat(this.table.count()).isEqualTo(2);
	}

	@Test
	void stringKeysAndTheirUtf8BytesNameTheSameRow() {
		String key = "naïve-😀";
		this.table.setLong(key, this.hits, 5);
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		assertThat(this.table.getLong(bytes, this.hits, -1)).isEqualTo(5);
		assertThat(this.table.exists(new StringBuilder(key))).isTrue();
		assertThat(this.table.iterator().next().key()).isEqualTo(key);
		assertThat(this.table.del(bytes)).isTrue();
	}

	@Test
	void refusesStringLongerThanItsColumnInsteadOfTruncating() {
		assertThat(this.table.setString("s", this.name, "0123456789")).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.setString("s", this.name, "0123456789A"))
			.withMessage("value of column \"name\": 11 bytes (expected: at most 10 bytes of UTF-8)");
		// 5 two-byte characters fit in 10 bytes, 6 do not
		assertThat(this.table.setString("s", this.name, "ééééé")).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.setString("s", this.name, "éééééé"));
		assertThat(this.table.getString("s", this.name)).isEqualTo("ééééé");
	}

	@Test
	void incrAndDecrCreateMissingRowsAndRejectStringColumns() {
		assertThat(this.table.incr("counter", this.hits, 5)).isEqualTo(5);
		assertThat(this.table.incr("counter", this.hits, 1)).isEqualTo(6);
		assertThat(this.table.decr("counter", this.hits, 10)).isEqualTo(-4);
		assertThat(this.table.decr("other", this.hits, 3)).isEqualTo(-3);
		assertThat(this.table.incr("f", this.score, 0.25)).isEqualTo(0.25);
		assertThat(this.table.incr("f", this.score, 0.5)).isEqualTo(0.75);
		assertThat(this.table.decr("f", this.score, 1.0)).isEqualTo(-0.25);
		assertThat(this.table.incr("f", this.score, 2L)).isEqualTo(1L);
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.incr("counter", this.name, 1))
			.withMessageContaining("a column that holds a number");
		assertThat(this.table.stats().inserts()).isEqualTo(3);
	}

	@Test
	void integerColumnsWrapAroundAtTheirWidth() {
		this.table.setLong("w", this.small, 127);
		assertThat(this.table.incr("w", this.small, 1)).isEqualTo(-128);
		this.table.setLong("w", this.small, 300);
		assertThat(this.table.getLong("w", this.small, 0)).isEqualTo(44);
		this.table.setLong("w", this.hits, Long.MAX_VALUE);
		assertThat(this.table.incr("w", this.hits, 1)).isEqualTo(Long.MIN_VALUE);
		try (Table widths = Table.builder()
			.size(1)
			.column("i2", ColumnType.INT, 2)
			.column("i4", ColumnType.INT, 4)
			.create()) {
			Column i2 = widths.column("i2");
			Column i4 = widths.column("i4");
			widths.setLong("x", i2, Short.MAX_VALUE);
			widths.setLong("x", i4, Integer.MAX_VALUE);
			assertThat(widths.incr("x", i2, 1)).isEqualTo(Short.MIN_VALUE);
			assertThat(widths.incr("x", i4, 1)).isEqualTo(Integer.MIN_VALUE);
		}
	}

	@Test
	void rowWriterWritesSeveralColumnsAndIsOnePerThread() {
		try (RowWriter row = this.table.writer("w")) {
			assertThat(row).isNotNull();
			row.setLong(this.hits, 3).setDouble(this.score, 2.5).setString(this.name, "writer");
			assertThatIllegalStateException().isThrownBy(() -> this.table.writer("other"));
		}
		assertThat(this.table.get("w").toMap()).containsEntry("hits", 3L)
			.containsEntry("score", 2.5)
			.containsEntry("name", "writer");
		try (RowWriter again = this.table.writer("other")) {
			again.setBytes(this.name, "bytes".getBytes(StandardCharsets.UTF_8));
		}
		assertThat(this.table.getString("other", this.name)).isEqualTo("bytes");
	}

	@Test
	void refusesColumnOfAnotherTableAndWrongTypes() {
		try (Table other = Table.builder().size(1).column("hits", ColumnType.INT).create()) {
			Column foreign = other.column("hits");
			assertThatIllegalArgumentException().isThrownBy(() -> this.table.getLong("k", foreign, 0));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.getLong("k", this.name, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.table.setString("k", this.hits, "x"));
	}

	@Test
	void validatesTheSchemaWhenDeclared() {
		Table.Builder builder = Table.builder().size(10).column("a", ColumnType.INT);
		assertThatIllegalArgumentException().isThrownBy(() -> builder.column("a", ColumnType.FLOAT))
			.withMessage("name: \"a\" (expected: a name not used by another column)");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.column("b", ColumnType.INT, 3))
			.withMessage("size: 3 (expected: 1, 2, 4 or 8 for an INT column)");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.column("c", ColumnType.STRING, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.column("d", ColumnType.STRING));
		assertThatIllegalArgumentException().isThrownBy(() -> builder.conflictProportion(0.1))
			.withMessage("conflictProportion: 0.1 (expected: in [0.2, 1.0])");
		assertThatIllegalStateException().isThrownBy(() -> Table.builder().create());
	}

	@Test
	void statsCountersStayConsistent() {
		for (int i = 0; i < 10; i++) {
			this.table.setLong("s" + i, this.hits, i);
		}
		for (int i = 0; i < 4; i++) {
			this.table.incr("s" + i, this.hits, 1);
		}
		for (int i = 0; i < 3; i++) {
			this.table.del("s" + i);
		}
		TableStats stats = this.table.stats();
		assertThat(stats.inserts()).isEqualTo(10);
		assertThat(stats.updates()).isEqualTo(4);
		assertThat(stats.deletes()).isEqualTo(3);
		assertThat(stats.rows()).isEqualTo(stats.inserts() - stats.deletes()).isEqualTo(this.table.count());
		long usedSlices = stats.totalSlices() - stats.freeSlices();
		assertThat(usedSlices).isLessThanOrEqualTo(stats.conflicts()).isLessThanOrEqualTo(stats.rows());
		assertThat(this.table.metric().rows()).isEqualTo(7);
	}

}
