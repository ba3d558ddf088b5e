package io.swoole4j.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.swoole4j.table.ColumnType;

/**
 * Shared-memory {@link io.swoole4j.table.Table Tables} declared in configuration, one
 * bean per entry of {@code swoole.tables}, named after the entry's key.
 *
 * @see SwooleTableAutoConfiguration
 */
@ConfigurationProperties("swoole")
public class SwooleTableProperties {

	/**
	 * Tables to create at startup, by bean name. Each is created before the server starts
	 * and closed when the application context closes.
	 */
	private final Map<String, TableSpec> tables = new LinkedHashMap<>();

	public Map<String, TableSpec> getTables() {
		return this.tables;
	}

	/**
	 * One table: its row count, conflict proportion and columns.
	 */
	public static class TableSpec {

		/**
		 * Number of rows, rounded up to a power of two (at least 64). Size a table about
		 * twice the keys it must hold, since a full conflict pool refuses new keys early.
		 */
		private @Nullable Integer size;

		/**
		 * Share of the rounded size reserved as conflict slices for keys whose bucket is
		 * taken (Swoole's conflict_proportion), from 0.2 to 1.0.
		 */
		private double conflictProportion = 0.2;

		/**
		 * Columns in declaration order, by name.
		 */
		private final Map<String, ColumnSpec> columns = new LinkedHashMap<>();

		public @Nullable Integer getSize() {
			return this.size;
		}

		public void setSize(@Nullable Integer size) {
			this.size = size;
		}

		public double getConflictProportion() {
			return this.conflictProportion;
		}

		public void setConflictProportion(double conflictProportion) {
			this.conflictProportion = conflictProportion;
		}

		public Map<String, ColumnSpec> getColumns() {
			return this.columns;
		}

	}

	/**
	 * One column of a table.
	 */
	public static class ColumnSpec {

		/**
		 * Column type: int (a signed integer of 1, 2, 4 or 8 bytes), float (an 8-byte
		 * double) or string (UTF-8 of at most 'size' bytes).
		 */
		private ColumnType type = ColumnType.INT;

		/**
		 * Size in bytes: 1, 2, 4 or 8 for int, 8 for float, the most UTF-8 bytes for
		 * string (required there). Unset means 8 for int and float.
		 */
		private @Nullable Integer size;

		public ColumnType getType() {
			return this.type;
		}

		public void setType(ColumnType type) {
			this.type = type;
		}

		public @Nullable Integer getSize() {
			return this.size;
		}

		public void setSize(@Nullable Integer size) {
			this.size = size;
		}

	}

}
