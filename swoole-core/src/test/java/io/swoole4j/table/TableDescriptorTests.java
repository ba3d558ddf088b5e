package io.swoole4j.table;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableDescriptorTests {

	@Test
	void headerFieldsEndBeforeTheColumnsAndCountersEachOwnACacheLine() {
		assertThat(TableDescriptor.POOL_USED_OFFSET + 4).isLessThanOrEqualTo(TableDescriptor.COLUMNS_OFFSET);
		assertThat(TableDescriptor.CONFLICT_PROPORTION_OFFSET + 8).isLessThanOrEqualTo(TableDescriptor.ROW_NUM_OFFSET);
		int[] counters = { TableDescriptor.ROW_NUM_OFFSET, TableDescriptor.INSERTS_OFFSET,
				TableDescriptor.UPDATES_OFFSET, TableDescriptor.DELETES_OFFSET, TableDescriptor.CONFLICTS_OFFSET,
				TableDescriptor.POOL_LOCK_OFFSET };
		for (int i = 0; i < counters.length; i++) {
			assertThat(counters[i] % 64).isZero();
			if (i > 0) {
				assertThat(counters[i] - counters[i - 1]).isGreaterThanOrEqualTo(64);
			}
		}
		assertThat(TableDescriptor.ROWS_OFFSET).isEqualTo(
				TableDescriptor.COLUMNS_OFFSET + TableDescriptor.MAX_COLUMNS * TableDescriptor.COLUMN_ENTRY_LENGTH);
	}

	@Test
	void rowFieldsAreAlignedAndKeyLeavesRoomForWordCompare() {
		assertThat(TableDescriptor.ROW_LOCK % 8).isZero();
		assertThat(TableDescriptor.ROW_KEY % 8).isZero();
		assertThat(TableDescriptor.ROW_DATA % 8).isZero();
		assertThat(TableDescriptor.ROW_DATA - TableDescriptor.ROW_KEY)
			.isGreaterThanOrEqualTo(TableDescriptor.align(TableDescriptor.MAX_KEY_BYTES, 8));
		assertThat(TableDescriptor.rowStride(1)).isEqualTo(TableDescriptor.ROW_DATA + 8);
		assertThat(TableDescriptor.rowStride(32) % 8).isZero();
	}

	@Test
	void sizesConflictSlicesAsShareOfBuckets() {
		assertThat(TableDescriptor.slices(64, 0.2)).isEqualTo(12);
		assertThat(TableDescriptor.slices(1024, 1.0)).isEqualTo(1024);
		assertThat(TableDescriptor.memorySize(64, 12, 8))
			.isEqualTo(TableDescriptor.ROWS_OFFSET + 76L * TableDescriptor.rowStride(8));
	}

}
