package io.swoole4j.table;

/**
 * A snapshot of a {@link Table}'s counters, Swoole's {@code stats()}. The counters are
 * read one after the other without a lock, so under concurrent writes they are each exact
 * but not mutually consistent; {@code conflicts} and {@code maxConflictDepth} are
 * approximate, as in Swoole.
 *
 * @param rows the live rows ({@code num})
 * @param conflicts inserts that had to take a conflict slice ({@code conflict_count})
 * @param maxConflictDepth the longest chain seen, in rows after the bucket's own
 * ({@code conflict_max_level})
 * @param inserts rows created by {@code set} or {@code incr} ({@code insert_count})
 * @param updates writes to existing rows ({@code update_count})
 * @param deletes rows deleted ({@code delete_count})
 * @param freeSlices conflict slices still free ({@code available_slice_num})
 * @param totalSlices all conflict slices ({@code total_slice_num})
 */
public record TableStats(long rows, long conflicts, long maxConflictDepth, long inserts, long updates, long deletes,
		int freeSlices, int totalSlices) {

}
