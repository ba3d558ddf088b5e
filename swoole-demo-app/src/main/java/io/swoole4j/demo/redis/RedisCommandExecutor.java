package io.swoole4j.demo.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.swoole4j.protocol.resp.RespArgumentException;
import io.swoole4j.protocol.resp.RespCommand;
import io.swoole4j.protocol.resp.RespReplyWriter;
import io.swoole4j.table.Column;
import io.swoole4j.table.ColumnType;
import io.swoole4j.table.Row;
import io.swoole4j.table.RowWriter;
import io.swoole4j.table.Table;
import io.swoole4j.table.TableDescriptor;
import io.swoole4j.table.TableFullException;
import io.swoole4j.table.TableStats;

/**
 * Runs Redis string and keyspace commands against a shared {@link Table}, replying in
 * Redis's exact formats and error texts.
 * <p>
 * <b>Storage.</b> One row per key: column {@value #VALUE_COLUMN} ({@code STRING}, its
 * declared size is the largest value) holds the value's bytes, column
 * {@value #EXPIRES_COLUMN} ({@code INT} of 8 bytes) the absolute deadline in epoch
 * milliseconds, 0 for none. A key is 1 to 63 bytes of UTF-8 (the Table's limit); a key or
 * value the Table cannot hold gets {@code -ERR} with the reason, and nothing else
 * changes.
 * <p>
 * <b>Expiry.</b> Lazy, as in Redis: a command that finds an expired key deletes it first
 * and behaves as if it were absent; and {@link #sweepExpired(int)}, run periodically by a
 * worker timer, deletes expired keys nobody reads.
 * <p>
 * <b>Atomicity.</b> Every command but a plain {@code GET} of a live key runs under the
 * lock stripes of its keys (one {@link ReentrantLock} per {@value #STRIPES}th of the key
 * space, taken in ascending order by multi-key commands), so {@code SET NX}, {@code INCR}
 * and {@code MSET} are atomic against every other command of this JVM. Other JVMs
 * attached to the same Table see single-row writes atomically (the Table's own row
 * locks), not these read-modify-write sequences.
 * <p>
 * Thread-safe: one executor serves every worker; per-connection state lives in the
 * {@link RespSession} passed in. Dispatch allocates nothing for the common commands with
 * ASCII keys and values, except {@code SET}/{@code MSET} of non-ASCII values (a copy of
 * the value).
 */
public final class RedisCommandExecutor {

	/** Name of the value column. */
	public static final String VALUE_COLUMN = "value";

	/** Name of the deadline column (epoch milliseconds, 0 for no expiry). */
	public static final String EXPIRES_COLUMN = "expires_at";

	/**
	 * Smallest value column accepted: INCR must be able to store any 64-bit integer,
	 * whose longest decimal form ({@code -9223372036854775808}) has 20 bytes.
	 */
	public static final int MIN_VALUE_BYTES = 20;

	/** {@link #execute} result: keep the connection. */
	public static final int KEEP_OPEN = 0;

	/** {@link #execute} result: send the replies, then close the connection. */
	public static final int CLOSE = 1;

	/** Number of lock stripes, a multiple of 64 (one bit set word per 64). */
	static final int STRIPES = 256;

	private static final String SYNTAX_ERROR = "syntax error";

	private static final String OVERFLOW = "increment or decrement would overflow";

	private static final String TABLE_FULL = "table full: no free row for a new key";

	private static final List<String> INFO_SECTIONS = List.of("Server", "Clients", "Memory", "Stats", "Swoole", "Table",
			"Keyspace");

	private static final int FLAG_NX = 1;

	private static final int FLAG_XX = 1 << 1;

	private static final int FLAG_GET = 1 << 2;

	private static final int FLAG_KEEPTTL = 1 << 3;

	private static final int FLAG_EX = 1 << 4;

	private static final int FLAG_PX = 1 << 5;

	private static final int FLAG_EXAT = 1 << 6;

	private static final int FLAG_PXAT = 1 << 7;

	private static final int EXPIRE_FLAGS = FLAG_EX | FLAG_PX | FLAG_EXAT | FLAG_PXAT;

	private static final int EXPIRE_NX = 1;

	private static final int EXPIRE_XX = 2;

	private static final int EXPIRE_GT = 4;

	private static final int EXPIRE_LT = 8;

	/** Deadline sentinel: the key has no row (or had an expired one, now deleted). */
	private static final long ABSENT = -1;

	private final Table table;

	private final Column value;

	private final Column expires;

	private final LongSupplier clock;

	private final Supplier<Map<String, Long>> serverStats;

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	private final long startMillis;

	private final LongAdder commands = new LongAdder();

	private final LongAdder expiredKeys = new LongAdder();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private final LongAdder protocolErrors = new LongAdder();

	/** The sweep's position ({@link Table#scan}); only the sweeping thread touches it. */
	private int sweepCursor;

	/** Keys the sweep deleted; only the sweeping thread touches it. */
	private int sweepDeleted;

	/**
	 * Creates an executor over a table with the two columns this class names.
	 * @param table a table with {@value #VALUE_COLUMN} ({@code STRING} of at least
	 * {@value #MIN_VALUE_BYTES} bytes) and {@value #EXPIRES_COLUMN} ({@code INT} of 8
	 * bytes)
	 * @param clock epoch milliseconds, the time base of TTLs
	 * @param serverStats the server's {@code stats()}, reported by {@code INFO}
	 * @throws IllegalArgumentException if the table lacks a column or a column has the
	 * wrong type or size
	 */
	public RedisCommandExecutor(Table table, LongSupplier clock, Supplier<Map<String, Long>> serverStats) {
		this.table = Objects.requireNonNull(table, "table: null (expected: not null)");
		this.clock = Objects.requireNonNull(clock, "clock: null (expected: not null)");
		this.serverStats = Objects.requireNonNull(serverStats, "serverStats: null (expected: not null)");
		this.value = table.column(VALUE_COLUMN);
		this.expires = table.column(EXPIRES_COLUMN);
		if (this.value.type() != ColumnType.STRING || this.value.size() < MIN_VALUE_BYTES) {
			throw new IllegalArgumentException("column " + VALUE_COLUMN + ": " + this.value.type() + "("
					+ this.value.size() + ") (expected: STRING of at least " + MIN_VALUE_BYTES + " bytes)");
		}
		if (this.expires.type() != ColumnType.INT || this.expires.size() != 8) {
			throw new IllegalArgumentException("column " + EXPIRES_COLUMN + ": " + this.expires.type() + "("
					+ this.expires.size() + ") (expected: INT(8))");
		}
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock();
		}
		this.startMillis = clock.getAsLong();
	}

	/**
	 * Declares this executor's two columns on a table builder.
	 * @param builder the builder
	 * @param maxValueBytes the largest value, at least {@value #MIN_VALUE_BYTES}
	 * @return the builder
	 */
	public static Table.Builder declareColumns(Table.Builder builder, int maxValueBytes) {
		if (maxValueBytes < MIN_VALUE_BYTES) {
			throw new IllegalArgumentException(
					"maxValueBytes: " + maxValueBytes + " (expected: >= " + MIN_VALUE_BYTES + ")");
		}
		return builder.column(VALUE_COLUMN, ColumnType.STRING, maxValueBytes).column(EXPIRES_COLUMN, ColumnType.INT, 8);
	}

	/**
	 * Returns the largest value the table holds.
	 * @return the value column's size in bytes
	 */
	public int maxValueBytes() {
		return this.value.size();
	}

	/**
	 * Returns the table behind the key space.
	 * @return the table
	 */
	public Table table() {
		return this.table;
	}

	/**
	 * Runs one command, appending its reply to {@code out}. Never throws for anything a
	 * client sends: a bad command gets Redis's error reply.
	 * @param session the connection's state
	 * @param command the parsed command
	 * @param out where the reply goes
	 * @return {@link #KEEP_OPEN}, or {@link #CLOSE} after {@code QUIT}
	 */
	public int execute(RespSession session, RespCommand command, RespReplyWriter out) {
		this.commands.increment();
		RedisCommandSpec spec = RedisCommandSpec.lookup(command);
		if (spec == null) {
			unknownCommand(command, out);
			return KEEP_OPEN;
		}
		if (!spec.acceptsArgCount(command.argCount())) {
			wrongArity(spec.lowerName(), out);
			return KEEP_OPEN;
		}
		try {
			switch (spec) {
				case GET -> get(session, command, out);
				case SET -> set(session, command, out);
				case INCR -> incrBy(session, command, 1, out);
				case DECR -> incrBy(session, command, -1, out);
				case INCRBY -> incrBy(session, command, command.argAsLong(2), out);
				case DECRBY -> decrBy(session, command, out);
				case MGET -> mget(session, command, out);
				case MSET -> mset(session, command, out);
				case DEL -> delOrExists(session, command, true, out);
				case EXISTS -> delOrExists(session, command, false, out);
				case EXPIRE -> expire(session, command, 1000, spec, out);
				case PEXPIRE -> expire(session, command, 1, spec, out);
				case TTL -> ttl(session, command, false, out);
				case PTTL -> ttl(session, command, true, out);
				case DBSIZE -> out.integer(this.table.count());
				case FLUSHDB -> flushdb(command, out);
				case KEYS -> keys(command, out);
				case SCAN -> scan(command, out);
				case PING -> ping(command, out);
				case ECHO -> out.bulk(command, 1);
				case INFO -> info(command, out);
				case COMMAND -> RedisAdminCommands.command(command, out);
				case CLIENT -> RedisAdminCommands.client(session, command, out);
				case CONFIG -> RedisAdminCommands.config(command, configValues(), out);
				case QUIT -> {
					out.ok();
					return CLOSE;
				}
			}
		}
		catch (RespArgumentException ex) {
			error(out, ex.getMessage());
		}
		catch (TableFullException ex) {
			error(out, TABLE_FULL);
		}
		return KEEP_OPEN;
	}

	// ---------------------------------------------------------------- strings

	private void get(RespSession s, RespCommand c, RespReplyWriter out) {
		CharSequence key = key(s, c, 1, out);
		if (key == null) {
			return;
		}
		// Lock-free unless the key has expired: the deadline is read before the value, so
		// the value is at least as new as the deadline that said it was live, and the
		// Table's own seqlock makes each read consistent. Only the lazy delete needs the
		// stripe (a concurrent SET must not lose its new row to it).
		long deadline = this.table.getLong(key, this.expires, ABSENT);
		int length = -1;
		if (deadline == 0 || deadline > this.clock.getAsLong()) {
			length = this.table.getBytes(key, this.value, s.valueBuffer);
		}
		else if (deadline != ABSENT) {
			ReentrantLock lock = this.stripes[s.keyStripe];
			lock.lock();
			try {
				length = read(key, s);
			}
			finally {
				lock.unlock();
			}
		}
		replyValue(length, s, out);
	}

	private void set(RespSession s, RespCommand c, RespReplyWriter out) {
		int flags = 0;
		int expireIndex = -1;
		int argc = c.argCount();
		// Redis's parseExtendedStringArgumentsOrReply: a repeated option is allowed, a
		// conflicting one or a missing operand is a syntax error.
		for (int j = 3; j < argc; j++) {
			boolean hasNext = j < argc - 1;
			if (c.argIs(j, "NX") && (flags & FLAG_XX) == 0) {
				flags |= FLAG_NX;
			}
			else if (c.argIs(j, "XX") && (flags & FLAG_NX) == 0) {
				flags |= FLAG_XX;
			}
			else if (c.argIs(j, "GET")) {
				flags |= FLAG_GET;
			}
			else if (c.argIs(j, "KEEPTTL") && (flags & EXPIRE_FLAGS) == 0) {
				flags |= FLAG_KEEPTTL;
			}
			else if (hasNext && (flags & FLAG_KEEPTTL) == 0 && expireOption(c, j, flags) != 0) {
				flags = (flags & ~EXPIRE_FLAGS) | expireOption(c, j, flags);
				expireIndex = ++j;
			}
			else {
				error(out, SYNTAX_ERROR);
				return;
			}
		}
		long deadline = 0;
		if (expireIndex > 0) {
			deadline = setDeadline(c.argAsLong(expireIndex), flags);
			if (deadline <= 0) {
				error(out, "invalid expire time in 'set' command");
				return;
			}
		}
		CharSequence key = key(s, c, 1, out);
		if (key == null || !checkValue(c, 2, out)) {
			return;
		}
		ReentrantLock lock = this.stripes[s.keyStripe];
		lock.lock();
		try {
			if ((flags & FLAG_GET) != 0) {
				replyValue(key, s, out);
			}
			long current = deadline(key);
			boolean found = current != ABSENT;
			if (((flags & FLAG_NX) != 0 && found) || ((flags & FLAG_XX) != 0 && !found)) {
				if ((flags & FLAG_GET) == 0) {
					out.nullBulk();
				}
				return;
			}
			if ((flags & FLAG_KEEPTTL) != 0 && found) {
				deadline = current;
			}
			if (!write(s, key, c, 2, deadline)) {
				if ((flags & FLAG_GET) == 0) {
					error(out, TABLE_FULL);
				}
				return;
			}
			if ((flags & FLAG_GET) == 0) {
				out.ok();
			}
		}
		finally {
			lock.unlock();
		}
	}

	/** The expire flag argument {@code j} names, if it may be given now; 0 if not. */
	private static int expireOption(RespCommand c, int j, int flags) {
		int others = flags & EXPIRE_FLAGS;
		if (c.argIs(j, "EX") && (others & ~FLAG_EX) == 0) {
			return FLAG_EX;
		}
		if (c.argIs(j, "PX") && (others & ~FLAG_PX) == 0) {
			return FLAG_PX;
		}
		if (c.argIs(j, "EXAT") && (others & ~FLAG_EXAT) == 0) {
			return FLAG_EXAT;
		}
		if (c.argIs(j, "PXAT") && (others & ~FLAG_PXAT) == 0) {
			return FLAG_PXAT;
		}
		return 0;
	}

	/**
	 * Redis's getExpireMillisecondsOrReply: the absolute deadline, or a value
	 * {@code <= 0} for an invalid (non-positive or overflowing) time.
	 */
	private long setDeadline(long time, int flags) {
		boolean seconds = (flags & (FLAG_EX | FLAG_EXAT)) != 0;
		if (time <= 0 || (seconds && time > Long.MAX_VALUE / 1000)) {
			return 0;
		}
		long millis = seconds ? time * 1000 : time;
		if ((flags & (FLAG_EX | FLAG_PX)) != 0) {
			long now = this.clock.getAsLong();
			return (millis > Long.MAX_VALUE - now) ? 0 : millis + now;
		}
		return millis;
	}

	private void decrBy(RespSession s, RespCommand c, RespReplyWriter out) {
		long decrement = c.argAsLong(2);
		if (decrement == Long.MIN_VALUE) {
			error(out, "decrement would overflow");
			return;
		}
		incrBy(s, c, -decrement, out);
	}

	private void incrBy(RespSession s, RespCommand c, long increment, RespReplyWriter out) {
		CharSequence key = key(s, c, 1, out);
		if (key == null) {
			return;
		}
		ReentrantLock lock = this.stripes[s.keyStripe];
		lock.lock();
		try {
			int length = read(key, s);
			long current = 0;
			if (length >= 0) {
				if (!parseLong(s.valueBuffer, length, s)) {
					error(out, RespArgumentException.NOT_AN_INTEGER.getMessage());
					return;
				}
				current = s.parsedLong;
			}
			if ((increment < 0 && current < 0 && increment < Long.MIN_VALUE - current)
					|| (increment > 0 && current > 0 && increment > Long.MAX_VALUE - current)) {
				error(out, OVERFLOW);
				return;
			}
			long result = current + increment;
			int digits = decimal(result, s.numberBuffer);
			// setString keeps the deadline column: INCR keeps a key's TTL, as in Redis.
			if (!this.table.setString(key, this.value, s.valueView.bind(s.numberBuffer, 0, digits))) {
				error(out, TABLE_FULL);
				return;
			}
			out.integer(result);
		}
		finally {
			lock.unlock();
		}
	}

	private void mget(RespSession s, RespCommand c, RespReplyWriter out) {
		int argc = c.argCount();
		if (!checkKeys(s, c, 1, argc, 1, out)) {
			return;
		}
		lockKeys(s);
		try {
			out.arrayHeader(argc - 1);
			for (int i = 1; i < argc; i++) {
				replyValue(key(s, c, i, out), s, out);
			}
		}
		finally {
			unlockKeys(s);
		}
	}

	private void mset(RespSession s, RespCommand c, RespReplyWriter out) {
		int argc = c.argCount();
		if (argc % 2 == 0) {
			wrongArity("mset", out);
			return;
		}
		if (!checkKeys(s, c, 1, argc, 2, out)) {
			return;
		}
		for (int i = 2; i < argc; i += 2) {
			if (!checkValue(c, i, out)) {
				return;
			}
		}
		lockKeys(s);
		try {
			for (int i = 1; i < argc; i += 2) {
				if (!write(s, key(s, c, i, out), c, i + 1, 0)) {
					// The keys before this one stay written: the Table cannot reserve
					// rows ahead, and Redis has no way to report a partial MSET either.
					error(out, TABLE_FULL);
					return;
				}
			}
			out.ok();
		}
		finally {
			unlockKeys(s);
		}
	}

	// --------------------------------------------------------------- keyspace

	private void delOrExists(RespSession s, RespCommand c, boolean delete, RespReplyWriter out) {
		int argc = c.argCount();
		if (!checkKeys(s, c, 1, argc, 1, out)) {
			return;
		}
		long count = 0;
		lockKeys(s);
		try {
			for (int i = 1; i < argc; i++) {
				CharSequence key = key(s, c, i, out);
				if (deadline(key) != ABSENT) {
					count++;
					if (delete) {
						this.table.del(key);
					}
				}
			}
		}
		finally {
			unlockKeys(s);
		}
		out.integer(count);
	}

	private void expire(RespSession s, RespCommand c, long unit, RedisCommandSpec spec, RespReplyWriter out) {
		int flags = 0;
		for (int j = 3; j < c.argCount(); j++) {
			if (c.argIs(j, "NX")) {
				flags |= EXPIRE_NX;
			}
			else if (c.argIs(j, "XX")) {
				flags |= EXPIRE_XX;
			}
			else if (c.argIs(j, "GT")) {
				flags |= EXPIRE_GT;
			}
			else if (c.argIs(j, "LT")) {
				flags |= EXPIRE_LT;
			}
			else {
				error(out, "Unsupported option " + c.argAsString(j));
				return;
			}
		}
		if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
			error(out, "NX and XX, GT or LT options at the same time are not compatible");
			return;
		}
		if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
			error(out, "GT and LT options at the same time are not compatible");
			return;
		}
		long when = c.argAsLong(2);
		long now = this.clock.getAsLong();
		if (when > Long.MAX_VALUE / unit || when < Long.MIN_VALUE / unit || when * unit > Long.MAX_VALUE - now) {
			error(out, "invalid expire time in '" + spec.lowerName() + "' command");
			return;
		}
		when = when * unit + now;
		CharSequence key = key(s, c, 1, out);
		if (key == null) {
			return;
		}
		ReentrantLock lock = this.stripes[s.keyStripe];
		lock.lock();
		try {
			long current = deadline(key);
			if (current == ABSENT || !expireConditionHolds(flags, current, when)) {
				out.integer(0);
				return;
			}
			if (when <= now) {
				this.table.del(key);
			}
			else {
				this.table.setLong(key, this.expires, when);
			}
			out.integer(1);
		}
		finally {
			lock.unlock();
		}
	}

	/** Redis's NX/XX/GT/LT rules; a current deadline of 0 (none) is an infinite TTL. */
	private static boolean expireConditionHolds(int flags, long current, long when) {
		boolean persistent = current == 0;
		if ((flags & EXPIRE_NX) != 0 && !persistent) {
			return false;
		}
		if ((flags & EXPIRE_XX) != 0 && persistent) {
			return false;
		}
		if ((flags & EXPIRE_GT) != 0 && (persistent || when <= current)) {
			return false;
		}
		return (flags & EXPIRE_LT) == 0 || persistent || when < current;
	}

	private void ttl(RespSession s, RespCommand c, boolean millis, RespReplyWriter out) {
		CharSequence key = key(s, c, 1, out);
		if (key == null) {
			return;
		}
		long deadline;
		ReentrantLock lock = this.stripes[s.keyStripe];
		lock.lock();
		try {
			deadline = deadline(key);
		}
		finally {
			lock.unlock();
		}
		if (deadline == ABSENT) {
			out.integer(-2);
		}
		else if (deadline == 0) {
			out.integer(-1);
		}
		else {
			long ttl = Math.max(0, deadline - this.clock.getAsLong());
			out.integer(millis ? ttl : (ttl + 500) / 1000);
		}
	}

	private void keys(RespCommand c, RespReplyWriter out) {
		byte[] pattern = c.argBytes(1);
		long now = this.clock.getAsLong();
		List<String> keys = new ArrayList<>();
		for (Row row : this.table) {
			addIfLiveAndMatching(row, pattern, now, keys);
		}
		replyKeys(keys, out);
	}

	/**
	 * {@code SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]}: the cursor is a
	 * position among the table's rows ({@link Table#scan}), COUNT how many of them one
	 * call reads (default 10, as in Redis), so a call costs the same however few keys
	 * match. Every key is a string, so {@code TYPE} keeps all keys or none.
	 */
	private void scan(RespCommand c, RespReplyWriter out) {
		if (!c.argIsLong(1) || c.argAsLong(1) < 0) {
			error(out, "invalid cursor");
			return;
		}
		long cursor = c.argAsLong(1);
		byte[] pattern = null;
		long count = 10;
		boolean strings = true;
		for (int j = 2; j < c.argCount(); j += 2) {
			if (j + 1 >= c.argCount()) {
				error(out, SYNTAX_ERROR);
				return;
			}
			if (c.argIs(j, "MATCH")) {
				pattern = c.argBytes(j + 1);
			}
			else if (c.argIs(j, "COUNT")) {
				count = c.argAsLong(j + 1);
				if (count < 1) {
					error(out, SYNTAX_ERROR);
					return;
				}
			}
			else if (c.argIs(j, "TYPE")) {
				strings = c.argIs(j + 1, "string");
			}
			else {
				error(out, SYNTAX_ERROR);
				return;
			}
		}
		List<String> keys = new ArrayList<>();
		long next = 0;
		if (cursor < this.table.size()) {
			long now = this.clock.getAsLong();
			byte[] match = pattern;
			boolean wanted = strings;
			next = this.table.scan((int) cursor, (int) Math.min(count, Integer.MAX_VALUE), (row) -> {
				if (wanted) {
					addIfLiveAndMatching(row, match, now, keys);
				}
			});
		}
		out.arrayHeader(2).bulk(Long.toString(next));
		replyKeys(keys, out);
	}

	private void addIfLiveAndMatching(Row row, byte[] pattern, long now, List<String> keys) {
		long deadline = row.getLong(this.expires);
		if (deadline != 0 && now > deadline) {
			// expired and not yet swept: gone for every command
			return;
		}
		String key = row.key();
		if (pattern == null || RedisGlob.matches(pattern, key.getBytes(StandardCharsets.UTF_8))) {
			keys.add(key);
		}
	}

	private static void replyKeys(List<String> keys, RespReplyWriter out) {
		out.arrayHeader(keys.size());
		for (String key : keys) {
			out.bulk(key);
		}
	}

	private void flushdb(RespCommand c, RespReplyWriter out) {
		if (c.argCount() > 2 || (c.argCount() == 2 && !c.argIs(1, "ASYNC") && !c.argIs(1, "SYNC"))) {
			error(out, SYNTAX_ERROR);
			return;
		}
		for (Row row : this.table) {
			String key = row.key();
			ReentrantLock lock = this.stripes[stripeOf(key)];
			lock.lock();
			try {
				this.table.del(key);
			}
			finally {
				lock.unlock();
			}
		}
		out.ok();
	}

	/**
	 * Deletes the expired keys among {@code maxRows} of the table's rows (its buckets,
	 * with the keys chained to them), continuing where the previous call stopped and
	 * starting over after the last one, so that each call does bounded work however few
	 * keys the table holds. Call it from one thread at a time (the worker timer).
	 * @param maxRows how many of the table's rows to examine
	 * @return the number of keys deleted
	 */
	public int sweepExpired(int maxRows) {
		if (maxRows <= 0) {
			throw new IllegalArgumentException("maxRows: " + maxRows + " (expected: > 0)");
		}
		long now = this.clock.getAsLong();
		int before = this.sweepDeleted;
		this.sweepCursor = this.table.scan(this.sweepCursor, maxRows, (row) -> {
			long deadline = row.getLong(this.expires);
			if (deadline != 0 && now > deadline) {
				deleteIfStillExpired(row.key(), now);
			}
		});
		return this.sweepDeleted - before;
	}

	private void deleteIfStillExpired(String key, long now) {
		ReentrantLock lock = this.stripes[stripeOf(key)];
		lock.lock();
		try {
			// re-read under the lock: the key may have been set again meanwhile
			long current = this.table.getLong(key, this.expires, 0);
			if (current != 0 && now > current && this.table.del(key)) {
				this.expiredKeys.increment();
				this.sweepDeleted++;
			}
		}
		finally {
			lock.unlock();
		}
	}

	// ------------------------------------------------------------- connection

	private static void ping(RespCommand c, RespReplyWriter out) {
		if (c.argCount() > 2) {
			wrongArity("ping", out);
		}
		else if (c.argCount() == 2) {
			out.bulk(c, 1);
		}
		else {
			out.simpleString("PONG");
		}
	}

	private void info(RespCommand c, RespReplyWriter out) {
		boolean all = c.argCount() == 1;
		for (int i = 1; i < c.argCount(); i++) {
			all |= c.argIs(i, "all") || c.argIs(i, "default") || c.argIs(i, "everything");
		}
		long now = this.clock.getAsLong();
		Map<String, Long> server = this.serverStats.get();
		StringBuilder text = new StringBuilder(1024);
		for (String section : INFO_SECTIONS) {
			if (all || wantsSection(c, section)) {
				if (!text.isEmpty()) {
					text.append("\r\n");
				}
				text.append("# ").append(section).append("\r\n");
				infoSection(section, now, server)
					.forEach((name, value) -> text.append(name).append(':').append(value).append("\r\n"));
			}
		}
		out.bulk(text);
	}

	/** One INFO section's fields, in order: Redis's names where Redis has the field. */
	private Map<String, Object> infoSection(String section, long now, Map<String, Long> server) {
		Map<String, Object> fields = new LinkedHashMap<>();
		switch (section) {
			case "Server" -> {
				long uptime = (now - this.startMillis) / 1000;
				fields.put("redis_version", "7.0.0");
				fields.put("swoole4j_version", "0.1.0");
				fields.put("redis_mode", "standalone");
				fields.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
				fields.put("arch_bits", 64);
				fields.put("process_id", ProcessHandle.current().pid());
				fields.put("java_version", Runtime.version());
				fields.put("uptime_in_seconds", uptime);
				fields.put("uptime_in_days", uptime / 86400);
			}
			case "Clients" -> fields.put("connected_clients", server.getOrDefault("connection_num", 0L));
			case "Memory" -> {
				fields.put("used_memory", this.table.memorySize());
				fields.put("maxmemory", this.table.memorySize());
				fields.put("max_value_bytes", this.value.size());
			}
			case "Stats" -> {
				Stats stats = stats();
				fields.put("total_connections_received", server.getOrDefault("accept_count", 0L));
				fields.put("total_commands_processed", stats.commands());
				fields.put("total_net_input_bytes", server.getOrDefault("total_recv_bytes", 0L));
				fields.put("total_net_output_bytes", server.getOrDefault("total_send_bytes", 0L));
				fields.put("expired_keys", stats.expiredKeys());
				fields.put("keyspace_hits", stats.keyspaceHits());
				fields.put("keyspace_misses", stats.keyspaceMisses());
				fields.put("total_error_replies", stats.errorReplies());
				fields.put("protocol_errors", stats.protocolErrors());
			}
			case "Swoole" -> fields.putAll(server);
			case "Table" -> {
				TableStats stats = this.table.stats();
				fields.put("table_size", this.table.size());
				fields.put("table_memory_bytes", this.table.memorySize());
				fields.put("table_rows", stats.rows());
				fields.put("table_inserts", stats.inserts());
				fields.put("table_updates", stats.updates());
				fields.put("table_deletes", stats.deletes());
				fields.put("table_conflicts", stats.conflicts());
				fields.put("table_max_conflict_depth", stats.maxConflictDepth());
				fields.put("table_free_slices", stats.freeSlices());
				fields.put("table_total_slices", stats.totalSlices());
			}
			default -> {
				long keys = this.table.count();
				if (keys > 0) {
					fields.put("db0", "keys=" + keys + ",expires=" + countVolatile(now) + ",avg_ttl=0");
				}
			}
		}
		return fields;
	}

	/** The read-only settings CONFIG GET reports (redis-benchmark asks for two). */
	private Map<String, String> configValues() {
		return Map.of("save", "", "appendonly", "no", "databases", "1", "maxmemory",
				Long.toString(this.table.memorySize()), "maxmemory-policy", "noeviction", "timeout", "0");
	}

	private static boolean wantsSection(RespCommand c, String name) {
		for (int i = 1; i < c.argCount(); i++) {
			if (c.argIs(i, name)) {
				return true;
			}
		}
		return false;
	}

	private long countVolatile(long now) {
		long count = 0;
		for (Row row : this.table) {
			long deadline = row.getLong(this.expires);
			if (deadline != 0 && now <= deadline) {
				count++;
			}
		}
		return count;
	}

	// ---------------------------------------------------------------- helpers

	/**
	 * The key's deadline (0 for none) after lazily deleting it when expired, or
	 * {@link #ABSENT}. Call with the key's stripe held.
	 */
	private long deadline(CharSequence key) {
		long deadline = this.table.getLong(key, this.expires, ABSENT);
		if (deadline > 0 && this.clock.getAsLong() > deadline) {
			this.table.del(key);
			this.expiredKeys.increment();
			return ABSENT;
		}
		return deadline;
	}

	/**
	 * Copies a live key's value into the session's buffer. Call with the key's stripe
	 * held.
	 * @return the value's length, or -1 if the key is absent or expired
	 */
	private int read(CharSequence key, RespSession s) {
		if (deadline(key) == ABSENT) {
			return -1;
		}
		return this.table.getBytes(key, this.value, s.valueBuffer);
	}

	/**
	 * Replies with a live key's value, or the null bulk, counting a hit or a miss. Call
	 * with the key's stripe held.
	 */
	private void replyValue(CharSequence key, RespSession s, RespReplyWriter out) {
		replyValue(read(key, s), s, out);
	}

	/**
	 * Replies with the value of {@code length} bytes in the session's buffer, or null.
	 */
	private void replyValue(int length, RespSession s, RespReplyWriter out) {
		if (length < 0) {
			this.misses.increment();
			out.nullBulk();
		}
		else {
			this.hits.increment();
			out.bulk(s.valueBuffer, 0, length);
		}
	}

	/** Writes argument {@code valueIndex} and a deadline as one row update. */
	private boolean write(RespSession s, CharSequence key, RespCommand c, int valueIndex, long deadline) {
		try (RowWriter row = this.table.writer(key)) {
			if (row == null) {
				return false;
			}
			byte[] data = c.array();
			int offset = c.argOffset(valueIndex);
			int length = c.argLength(valueIndex);
			if (ByteView.isAscii(data, offset, length)) {
				row.setString(this.value, s.valueView.bind(data, offset, length));
			}
			else {
				row.setBytes(this.value, Arrays.copyOfRange(data, offset, offset + length));
			}
			row.setLong(this.expires, deadline);
			return true;
		}
	}

	/**
	 * Binds argument {@code index} as a Table key and its lock stripe into the session.
	 * @return the key, or null after replying with the reason the Table refuses it
	 */
	private CharSequence key(RespSession s, RespCommand c, int index, RespReplyWriter out) {
		byte[] data = c.array();
		int offset = c.argOffset(index);
		int length = c.argLength(index);
		if (length == 0 || length > TableDescriptor.MAX_KEY_BYTES) {
			error(out, "key of " + length + " bytes refused by the table (expected: 1 to "
					+ TableDescriptor.MAX_KEY_BYTES + " bytes of UTF-8)");
			return null;
		}
		s.keyStripe = stripeOf(data, offset, length);
		if (ByteView.isAscii(data, offset, length)) {
			return s.keyView.bind(data, offset, length);
		}
		String key = c.argAsString(index);
		if (!Arrays.equals(key.getBytes(StandardCharsets.UTF_8), 0, key.getBytes(StandardCharsets.UTF_8).length, data,
				offset, offset + length)) {
			error(out, "key refused by the table (expected: valid UTF-8)");
			return null;
		}
		return key;
	}

	/**
	 * Checks every key of a multi-key command (arguments {@code from}, {@code from+step},
	 * ... below {@code end}) and records their stripes in the session's stripe set.
	 * @return false after replying with the first refused key's reason
	 */
	private boolean checkKeys(RespSession s, RespCommand c, int from, int end, int step, RespReplyWriter out) {
		Arrays.fill(s.stripeSet, 0);
		for (int i = from; i < end; i += step) {
			if (key(s, c, i, out) == null) {
				return false;
			}
			s.stripeSet[s.keyStripe >>> 6] |= 1L << s.keyStripe;
		}
		return true;
	}

	private boolean checkValue(RespCommand c, int index, RespReplyWriter out) {
		int length = c.argLength(index);
		if (length > this.value.size()) {
			error(out, "value of " + length + " bytes refused by the table (expected: at most " + this.value.size()
					+ " bytes)");
			return false;
		}
		return true;
	}

	/** Takes the stripes of the session's stripe set in ascending order (no deadlock). */
	private void lockKeys(RespSession s) {
		long[] set = s.stripeSet;
		for (int w = 0; w < set.length; w++) {
			for (long bits = set[w]; bits != 0; bits &= bits - 1) {
				this.stripes[(w << 6) + Long.numberOfTrailingZeros(bits)].lock();
			}
		}
	}

	private void unlockKeys(RespSession s) {
		long[] set = s.stripeSet;
		for (int w = 0; w < set.length; w++) {
			for (long bits = set[w]; bits != 0; bits &= bits - 1) {
				this.stripes[(w << 6) + Long.numberOfTrailingZeros(bits)].unlock();
			}
		}
	}

	private static int stripeOf(byte[] data, int offset, int length) {
		int h = 0;
		for (int i = offset, end = offset + length; i < end; i++) {
			h = 31 * h + data[i];
		}
		return (h ^ (h >>> 16)) & (STRIPES - 1);
	}

	private static int stripeOf(String key) {
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		return stripeOf(bytes, 0, bytes.length);
	}

	/** Redis's string2ll: optional '-', digits without leading zeros, no spaces. */
	static boolean parseLong(byte[] data, int length, RespSession s) {
		if (length == 0 || length > 20) {
			return false;
		}
		if (length == 1 && data[0] == '0') {
			s.parsedLong = 0;
			return true;
		}
		int i = 0;
		boolean negative = data[0] == '-';
		if (negative) {
			i++;
			if (length == 1) {
				return false;
			}
		}
		if (data[i] < '1' || data[i] > '9') {
			return false;
		}
		long v = 0;
		for (; i < length; i++) {
			int d = data[i] - '0';
			if (d < 0 || d > 9) {
				return false;
			}
			// accumulate negatively so that Long.MIN_VALUE fits
			if (v < (Long.MIN_VALUE + d) / 10) {
				return false;
			}
			v = v * 10 - d;
		}
		if (!negative) {
			if (v == Long.MIN_VALUE) {
				return false;
			}
			v = -v;
		}
		s.parsedLong = v;
		return true;
	}

	/**
	 * Writes {@code value} in decimal into {@code out} (20 bytes); returns the length.
	 */
	static int decimal(long value, byte[] out) {
		// digits are produced from the negative magnitude so that Long.MIN_VALUE works
		long v = (value < 0) ? value : -value;
		int digits = 1;
		for (long t = v; t <= -10; t /= 10) {
			digits++;
		}
		int length = (value < 0) ? digits + 1 : digits;
		for (int i = length - 1; i >= length - digits; i--) {
			out[i] = (byte) ('0' - (v % 10));
			v /= 10;
		}
		if (value < 0) {
			out[0] = '-';
		}
		return length;
	}

	private static void unknownCommand(RespCommand c, RespReplyWriter out) {
		// server.c: "unknown command '%.128s', with args beginning with: " then "'%.*s' "
		// per argument while the list is shorter than 128 bytes.
		StringBuilder args = new StringBuilder();
		for (int i = 1; i < c.argCount() && args.length() < 128; i++) {
			String arg = c.argAsString(i);
			int room = 128 - args.length();
			args.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
		}
		String name = c.argAsString(0);
		out.error("unknown command '" + name.substring(0, Math.min(name.length(), 128))
				+ "', with args beginning with: " + args);
	}

	static void wrongArity(String name, RespReplyWriter out) {
		out.error("wrong number of arguments for '" + name + "' command");
	}

	private void error(RespReplyWriter out, String message) {
		this.errors.increment();
		out.error(message);
	}

	void countProtocolError() {
		this.protocolErrors.increment();
	}

	/**
	 * Returns a snapshot of the counters, each exact, not mutually consistent.
	 * @return the counters since creation
	 */
	public Stats stats() {
		return new Stats(this.commands.sum(), this.hits.sum(), this.misses.sum(), this.expiredKeys.sum(),
				this.errors.sum(), this.protocolErrors.sum());
	}

	@Override
	public String toString() {
		return "RedisCommandExecutor[table=" + this.table + ", maxValueBytes=" + this.value.size() + "]";
	}

	/**
	 * The executor's counters.
	 *
	 * @param commands commands run, known or not
	 * @param keyspaceHits GET and MGET lookups that found their key
	 * @param keyspaceMisses GET and MGET lookups that found nothing
	 * @param expiredKeys keys deleted because their deadline passed (lazily or by the
	 * sweep)
	 * @param errorReplies error replies sent, protocol errors excluded
	 * @param protocolErrors connections closed for a protocol error
	 */
	public record Stats(long commands, long keyspaceHits, long keyspaceMisses, long expiredKeys, long errorReplies,
			long protocolErrors) {

	}

}
