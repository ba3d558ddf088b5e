package io.swoole4j.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spec §20 item 22: capacity, collisions, slice reuse and iteration; collisions are
 * forced by a hash that sends every key to bucket 0.
 */
class TableCapacityTests {

	private static final KeyHash SAME_BUCKET = (key, length) -> 0;

	private static Table collidingTable() {
		// 64 buckets, 12 conflict slices: one chain can hold 13 rows
		return Table.builder().size(1).column("v", ColumnType.INT).hash(SAME_BUCKET).create();
	}

	@Test
	void fillingOneBucketExhaustsConflictSlicesThenSetReturnsFalseWhileExistingKeysStayWritable() {
		try (Table table = collidingTable()) {
			Column v = table.column("v");
			int slices = table.stats().totalSlices();
			assertThat(slices).isEqualTo(12);
			for (int i = 0; i <= slices; i++) {
				assertThat(table.setLong("k" + i, v, i)).as("key %d", i).isTrue();
			}
			assertThat(table.setLong("overflow", v, 1)).isFalse();
			assertThat(table.exists("overflow")).isFalse();
			assertThatThrownBy(() -> table.incr("overflow", v, 1)).isSameAs(TableFullException.INSTANCE);
			assertThat(table.writer("overflow")).isNull();
			assertThat(table.count()).isEqualTo(slices + 1);
			for (int i = 0; i <= slices; i++) {
				assertThat(table.setLong("k" + i, v, 100 + i)).isTrue();
				assertThat(table.incr("k" + i, v, 1)).isEqualTo(101 + i);
			}
			TableStats stats = table.stats();
			assertThat(stats.freeSlices()).isZero();
			assertThat(stats.conflicts()).isEqualTo(slices);
			assertThat(stats.maxConflictDepth()).isEqualTo(slices);
			// the other 63 buckets are empty, yet nothing more fits in bucket 0
			assertThat(table.count()).isLessThan(table.size());
		}
	}

	@Test
	void deletingChainRootKeepsEveryOtherMemberReachable() {
		try (Table table = collidingTable()) {
			Column v = table.column("v");
			for (int i = 0; i < 5; i++) {
				table.setLong("k" + i, v, i);
			}
			assertThat(table.del("k0")).isTrue();
			for (int i = 1; i < 5; i++) {
				assertThat(table.getLong("k" + i, v, -1)).isEqualTo(i);
			}
			assertThat(table.del("k3")).isTrue();
			assertThat(table.del("k4")).isTrue();
			assertThat(table.getLong("k1", v, -1)).isEqualTo(1);
			assertThat(table.getLong("k2", v, -1)).isEqualTo(2);
			assertThat(table.exists("k0")).isFalse();
			assertThat(table.exists("k3")).isFalse();
			assertThat(table.count()).isEqualTo(2);
			assertThat(keys(table)).containsExactlyInAnyOrder("k1", "k2");
		}
	}

	@Test
	void deletesFreeSlicesForReuse() {
		try (Table table = collidingTable()) {
			Column v = table.column("v");
			int slices = table.stats().totalSlices();
			for (int round = 0; round < 5; round++) {
				for (int i = 0; i <= slices; i++) {
					assertThat(table.setLong("r" + round + "-" + i, v, i)).isTrue();
				}
				assertThat(table.setLong("r" + round + "-full", v, 0)).isFalse();
				assertThat(table.stats().freeSlices()).isZero();
				// delete from the middle, the root and the tail
				for (int i = 0; i <= slices; i++) {
					assertThat(table.del("r" + round + "-" + ((i * 5) % (slices + 1)))).isTrue();
				}
				assertThat(table.count()).isZero();
				assertThat(table.stats().freeSlices()).isEqualTo(slices);
			}
			TableStats stats = table.stats();
			assertThat(stats.inserts()).isEqualTo(5L * (slices + 1));
			assertThat(stats.deletes()).isEqualTo(stats.inserts());
		}
	}

	@Test
	void iterationVisitsEveryLiveKeyExactlyOnce() {
		try (Table table = Table.builder().size(2000).column("v", ColumnType.INT).create()) {
			Column v = table.column("v");
			Set<String> live = fill(table, v, 2000);
			for (int i = 0; i < 2000; i += 3) {
				if (table.del("key-" + i)) {
					live.remove("key-" + i);
				}
			}
			List<String> seen = keys(table);
			assertThat(seen).hasSize(live.size()).doesNotHaveDuplicates();
			assertThat(new HashSet<>(seen)).isEqualTo(live);
			assertThat(table.count()).isEqualTo(live.size());
			for (Row row : table) {
				assertThat(row.getLong(v)).isEqualTo(Long.parseLong(row.key().substring(4)));
			}
		}
	}

	@Test
	void iterationWalksCollidingChainsAndSkipsRowsDeletedBeforeItGetsThere() {
		try (Table table = collidingTable()) {
			Column v = table.column("v");
			for (int i = 0; i < 6; i++) {
				table.setLong("k" + i, v, i);
			}
			var iterator = table.iterator();
			table.del("k2");
			List<String> seen = new ArrayList<>();
			iterator.forEachRemaining((row) -> seen.add(row.key()));
			assertThat(seen).containsExactlyInAnyOrder("k0", "k1", "k3", "k4", "k5");
		}
	}

	@Test
	void scanVisitsEveryLiveKeyOnceInBoundedStepsAndEndsWithCursorZero() {
		try (Table table = Table.builder().size(2048).column("v", ColumnType.INT).create()) {
			Set<String> live = fill(table, table.column("v"), 1500);
			List<String> seen = new ArrayList<>();
			int calls = 0;
			int cursor = 0;
			do {
				cursor = table.scan(cursor, 100, (row) -> seen.add(row.key()));
				calls++;
			}
			while (cursor != 0);
			// 2048 buckets, 100 a call: the work per call is bounded, not the rows found
			assertThat(calls).isEqualTo(21);
			assertThat(seen).hasSize(live.size()).doesNotHaveDuplicates();
			assertThat(new HashSet<>(seen)).isEqualTo(live);
		}
	}

	@Test
	void scanOfAnEmptyTableReadsOnlyTheBucketsAskedFor() {
		try (Table table = Table.builder().size(1024).column("v", ColumnType.INT).create()) {
			List<Row> seen = new ArrayList<>();
			assertThat(table.scan(0, 10, seen::add)).isEqualTo(10);
			assertThat(table.scan(1020, 10, seen::add)).isZero();
			assertThat(seen).isEmpty();
		}
	}

	@Test
	void scanWalksCollidingChainsAndItsActionMayDeleteTheRowsItIsGiven() {
		try (Table table = collidingTable()) {
			Column v = table.column("v");
			for (int i = 0; i < 6; i++) {
				table.setLong("k" + i, v, i);
			}
			List<String> deleted = new ArrayList<>();
			int cursor = 0;
			do {
				cursor = table.scan(cursor, 1, (row) -> {
					if (row.getLong(v) % 2 == 0 && table.del(row.key())) {
						deleted.add(row.key());
					}
				});
			}
			while (cursor != 0);
			assertThat(deleted).containsExactlyInAnyOrder("k0", "k2", "k4");
			assertThat(keys(table)).containsExactlyInAnyOrder("k1", "k3", "k5");
		}
	}

	@Test
	void scanRefusesACursorOutsideTheTableAndANonPositiveCount() {
		try (Table table = Table.builder().size(64).column("v", ColumnType.INT).create()) {
			assertThatThrownBy(() -> table.scan(64, 1, (row) -> {
			})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor: 64");
			assertThatThrownBy(() -> table.scan(-1, 1, (row) -> {
			})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor: -1");
			assertThatThrownBy(() -> table.scan(0, 0, (row) -> {
			})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRows: 0");
		}
	}

	/**
	 * Sets {@code key-0} to {@code key-(count - 1)} to their numbers.
	 * @return the keys the table took
	 */
	private static Set<String> fill(Table table, Column v, int count) {
		Set<String> live = new HashSet<>();
		for (int i = 0; i < count; i++) {
			if (table.setLong("key-" + i, v, i)) {
				live.add("key-" + i);
			}
		}
		return live;
	}

	private static List<String> keys(Table table) {
		List<String> keys = new ArrayList<>();
		table.forEach((row) -> keys.add(row.key()));
		return keys;
	}

}
