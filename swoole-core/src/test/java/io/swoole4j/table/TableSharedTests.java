package io.swoole4j.table;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.memory.SharedMemory;
import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Spec §20 item 23 for the Table, and the sharing contract: other JVMs attach by name,
 * see the schema and the rows, count exactly, never see a torn row, and are not blocked
 * by a process killed while it held a row lock.
 */
class TableSharedTests {

	private static final Duration START = Duration.ofSeconds(30);

	@Test
	void attachedTableReadsSchemaFromRegionAndSharesRows() {
		String name = UniqueNames.next("table");
		try (Table created = Table.builder()
			.size(100)
			.column("hits", ColumnType.INT, 4)
			.column("name", ColumnType.STRING, 16)
			.create(name)) {
			created.setLong("k", created.column("hits"), 7);
			try (Table attached = Table.attach(name)) {
				assertThat(attached.columns()).extracting(Column::name).containsExactly("hits", "name");
				assertThat(attached.column("name").size()).isEqualTo(16);
				assertThat(attached.size()).isEqualTo(128);
				assertThat(attached.getLong("k", attached.column("hits"), -1)).isEqualTo(7);
				attached.setString("k", attached.column("name"), "shared");
				assertThat(created.getString("k", created.column("name"))).isEqualTo("shared");
			}
			assertThat(SharedMemory.exists(name)).as("an attacher's close keeps the region").isTrue();
		}
		assertThat(SharedMemory.exists(name)).as("the creator's close removes the region").isFalse();
	}

	@Test
	void attachRefusesTableMadeWithTestHashAndRegionThatIsNotTable() {
		String name = UniqueNames.next("table");
		try (Table created = Table.builder().size(1).column("v", ColumnType.INT).hash((k, n) -> 0).create(name)) {
			assertThatIllegalStateException().isThrownBy(() -> Table.attach(name))
				.withMessageContaining("custom hash function");
			try (Table attached = Table.attach(name, (k, n) -> 0)) {
				assertThat(attached.columns()).hasSize(1);
				created.setLong("a", created.column("v"), 1);
				assertThat(attached.getLong("b", attached.column("v"), -1)).as("every key is in bucket 0")
					.isEqualTo(-1);
				assertThat(attached.getLong("a", attached.column("v"), -1)).isEqualTo(1);
			}
		}
		String other = UniqueNames.next("table");
		try (SharedMemory memory = SharedMemory.create(other, 8192)) {
			assertThatIllegalStateException().isThrownBy(() -> Table.attach(other))
				.withMessageContaining("not a table");
			memory.unlink();
		}
	}

	@Test
	@Timeout(120)
	void twoJvmsOfFourThreadsIncrementingOneKeyEndExactlyAtTheirSum() throws Exception {
		String name = UniqueNames.next("table");
		int threads = 4;
		int count = 100_000;
		try (Table table = Table.builder().size(64).column("hits", ColumnType.INT).create(name);
				ChildJvm child = ChildJvm.start(TableChildMain.class, "incr", name, "" + threads, "" + count)) {
			child.expectLine("ready", START);
			child.writeLine("go");
			TableChildMain.incrementConcurrently(table, threads, count);
			child.expectLine("done", Duration.ofSeconds(90));
			assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
			assertThat(table.getLong("counter", table.column("hits"), -1)).isEqualTo(2L * threads * count);
			assertThat(table.stats().inserts()).isOne();
			assertThat(table.stats().updates()).isEqualTo(2L * threads * count - 1);
		}
	}

	@Test
	@Timeout(60)
	void concurrentMultiColumnWritesAndReadsAcrossTwoJvmsNeverShowTornRow() throws Exception {
		String name = UniqueNames.next("table");
		try (Table table = TableChildMain.TornRows.schema().create(name);
				ChildJvm child = ChildJvm.start(TableChildMain.class, "churn", name, "2000")) {
			child.expectLine("ready", START);
			child.writeLine("go");
			CompletableFuture<long[]> second = CompletableFuture
				.supplyAsync(() -> TableChildMain.TornRows.churn(table, 2000, 1));
			long[] mine = TableChildMain.TornRows.churn(table, 2000, 1);
			long[] other = second.get(30, TimeUnit.SECONDS);
			String[] reply = child.readLine(Duration.ofSeconds(30)).split(" ");
			assertThat(reply[0]).isEqualTo("checked");
			long childChecked = Long.parseLong(reply[1]);
			long childTorn = Long.parseLong(reply[3]);
			assertThat(mine[0] + other[0]).isPositive();
			assertThat(childChecked).isPositive();
			assertThat(mine[1] + other[1] + childTorn).as("torn rows").isZero();
			assertThat(table.count()).isBetween(0L, (long) TableChildMain.TornRows.KEYS);
		}
	}

	@Test
	@Timeout(60)
	void processKilledWhileHoldingRowLockBlocksOthersForAtMostTwoSeconds() throws Exception {
		String name = UniqueNames.next("table");
		try (Table table = Table.builder().size(64).column("hits", ColumnType.INT).create(name);
				ChildJvm child = ChildJvm.start(TableChildMain.class, "hold", name, "victim")) {
			Column hits = table.column("hits");
			table.setLong("victim", hits, 41);
			child.expectLine("locked", START);
			CompletableFuture<Long> blockedRead = CompletableFuture
				.supplyAsync(() -> table.getLong("victim", hits, -1));
			CompletableFuture<Long> blockedWrite = CompletableFuture.supplyAsync(() -> table.incr("victim", hits, 1));
			Thread.sleep(300);
			assertThat(blockedRead).as("a live holder keeps readers out of a half-written row").isNotDone();
			assertThat(blockedWrite).isNotDone();
			long killedAt = System.nanoTime();
			child.killHard();
			long read = blockedRead.get(10, TimeUnit.SECONDS);
			long written = blockedWrite.get(10, TimeUnit.SECONDS);
			long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
			assertThat(waitedMillis).isLessThan(2000);
			assertThat(written).isEqualTo(42);
			assertThat(read).isIn(41L, 42L);
			assertThat(table.incr("victim", hits, 1)).isEqualTo(43);
		}
	}

	@Test
	@Timeout(60)
	void threadsOfOneJvmNeverSeeTornRows() throws Exception {
		try (Table table = TableChildMain.TornRows.schema().create()) {
			CompletableFuture<long[]> first = CompletableFuture
				.supplyAsync(() -> TableChildMain.TornRows.churn(table, 1000, 1));
			CompletableFuture<long[]> second = CompletableFuture
				.supplyAsync(() -> TableChildMain.TornRows.churn(table, 1000, -1));
			long[] mine = TableChildMain.TornRows.churn(table, 1000, 1);
			long torn = mine[1] + first.get(30, TimeUnit.SECONDS)[1] + second.get(30, TimeUnit.SECONDS)[1];
			assertThat(mine[0]).isPositive();
			assertThat(torn).isZero();
		}
	}

}
