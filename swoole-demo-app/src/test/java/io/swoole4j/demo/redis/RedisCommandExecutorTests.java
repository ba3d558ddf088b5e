package io.swoole4j.demo.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.swoole4j.protocol.resp.RespLimits;
import io.swoole4j.table.Table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Feeds RESP bytes to a {@link RespSession} over a real Table and checks the reply bytes
 * against what Redis 7 answers.
 */
class RedisCommandExecutorTests {

	private static final long T0 = 1_700_000_000_000L;

	private final AtomicLong now = new AtomicLong(T0);

	private Table table;

	private RedisCommandExecutor executor;

	private RespSession session;

	private boolean open;

	@BeforeEach
	void createTable() {
		this.table = RedisCommandExecutor.declareColumns(Table.builder().size(64), 32).create();
		this.executor = new RedisCommandExecutor(this.table, this.now::get, () -> Map.of("connection_num", 3L));
		this.session = new RespSession(7, this.executor, RespLimits.defaults().withPackageMaxLength(4096));
	}

	@AfterEach
	void closeTable() {
		this.table.close();
	}

	/** Sends the commands as inline lines or raw RESP and returns the replies. */
	private String send(String input) {
		byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
		this.open = this.session.receive(bytes, 0, bytes.length);
		String reply = new String(this.session.replies().toByteArray(), StandardCharsets.UTF_8);
		this.session.replies().clear();
		return reply;
	}

	private static String resp(String... args) {
		StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
		for (String arg : args) {
			out.append('$')
				.append(arg.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n")
				.append(arg)
				.append("\r\n");
		}
		return out.toString();
	}

	private static String bulk(String text) {
		return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
	}

	@Test
	void answersPingAndEchoInBothRequestForms() {
		assertThat(send("PING\r\n")).isEqualTo("+PONG\r\n");
		assertThat(send(resp("ping", "hi"))).isEqualTo("$2\r\nhi\r\n");
		assertThat(send("echo \"a b\"\n")).isEqualTo("$3\r\na b\r\n");
		assertThat(send(resp("PING", "a", "b"))).isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
		assertThat(this.open).isTrue();
	}

	@Test
	void setsAndGetsValuesWithRedisReplies() {
		assertThat(send(resp("GET", "k"))).isEqualTo("$-1\r\n");
		assertThat(send(resp("SET", "k", "v"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("get", "k"))).isEqualTo("$1\r\nv\r\n");
		assertThat(send(resp("SET", "k", ""))).isEqualTo("+OK\r\n");
		assertThat(send(resp("GET", "k"))).isEqualTo("$0\r\n\r\n");
		assertThat(send(resp("SET", "k", "new", "GET"))).isEqualTo("$0\r\n\r\n");
		assertThat(send(resp("GET", "k"))).isEqualTo("$3\r\nnew\r\n");
	}

	@Test
	void keepsBinaryValuesExact() {
		byte[] command = "*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$4\r\n\u0000\u00ff\r\n\r\n"
			.getBytes(StandardCharsets.ISO_8859_1);
		this.session.receive(command, 0, command.length);
		this.session.replies().clear();
		byte[] get = resp("GET", "b").getBytes(StandardCharsets.US_ASCII);
		this.session.receive(get, 0, get.length);
		assertThat(this.session.replies().toByteArray())
			.isEqualTo("$4\r\n\u0000\u00ff\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
	}

	@Test
	void honoursNxAndXx() {
		assertThat(send(resp("SET", "k", "1", "XX"))).isEqualTo("$-1\r\n");
		assertThat(send(resp("SET", "k", "1", "NX"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("SET", "k", "2", "nx"))).isEqualTo("$-1\r\n");
		assertThat(send(resp("SET", "k", "3", "XX"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("GET", "k"))).isEqualTo("$1\r\n3\r\n");
		assertThat(send(resp("SET", "k", "4", "NX", "XX"))).isEqualTo("-ERR syntax error\r\n");
	}

	@ParameterizedTest
	@CsvSource(delimiterString = "=>", textBlock = """
			SET k v EX 0                   => -ERR invalid expire time in 'set' command
			SET k v PX -5                  => -ERR invalid expire time in 'set' command
			SET k v EX 9223372036854775807 => -ERR invalid expire time in 'set' command
			SET k v PX 9223372036854775807 => -ERR invalid expire time in 'set' command
			SET k v EX abc                 => -ERR value is not an integer or out of range
			SET k v EX                     => -ERR syntax error
			SET k v EX 10 PX 10            => -ERR syntax error
			SET k v KEEPTTL EX 10          => -ERR syntax error
			SET k v FOO                    => -ERR syntax error
			SET k                          => -ERR wrong number of arguments for 'set' command
			GET                            => -ERR wrong number of arguments for 'get' command
			GET a b                        => -ERR wrong number of arguments for 'get' command
			MSET a                         => -ERR wrong number of arguments for 'mset' command
			MSET a b c                     => -ERR wrong number of arguments for 'mset' command
			INCRBY k x                     => -ERR value is not an integer or out of range
			DECRBY k -9223372036854775808  => -ERR decrement would overflow
			EXPIRE k 1 NX XX               => -ERR NX and XX, GT or LT options at the same time are not compatible
			EXPIRE k 1 GT LT               => -ERR GT and LT options at the same time are not compatible
			EXPIRE k 1 FOO                 => -ERR Unsupported option FOO
			EXPIRE k 9223372036854775807   => -ERR invalid expire time in 'expire' command
			PEXPIRE k 9223372036854775807  => -ERR invalid expire time in 'pexpire' command
			FLUSHDB FOO                    => -ERR syntax error
			DBSIZE x                       => -ERR wrong number of arguments for 'dbsize' command
			CLIENT                         => -ERR wrong number of arguments for 'client' command
			CLIENT FOO                     => -ERR unknown subcommand 'FOO'. Try CLIENT HELP.
			command foo                    => -ERR unknown subcommand 'foo'. Try COMMAND HELP.
			CLIENT SETNAME                 => -ERR wrong number of arguments for 'client|setname' command
			CLIENT SETNAME a-b\\x01         => -ERR Client names cannot contain spaces, newlines or special characters.
			""")
	void repliesWithRedisErrorTexts(String command, String reply) {
		assertThat(send(command.replace("\\x01", "\u0001") + "\r\n")).isEqualTo(reply + "\r\n");
		assertThat(this.open).isTrue();
		assertThat(send(resp("DBSIZE"))).isEqualTo(":0\r\n");
	}

	@Test
	void formatsUnknownCommandsLikeRedis() {
		assertThat(send("foo a b\r\n")).isEqualTo("-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n");
		assertThat(send("foo\r\n")).isEqualTo("-ERR unknown command 'foo', with args beginning with: \r\n");
		String longArg = "x".repeat(200);
		assertThat(send("bar " + longArg + " y\r\n"))
			.isEqualTo("-ERR unknown command 'bar', with args beginning with: '" + "x".repeat(128) + "' \r\n");
		assertThat(send("bar " + "x".repeat(100) + " " + "y".repeat(100) + " zz\r\n"))
			.isEqualTo("-ERR unknown command 'bar', with args beginning with: '" + "x".repeat(100) + "' '"
					+ "y".repeat(25) + "' \r\n");
		assertThat(send(resp("foo", "a\r\nb")))
			.isEqualTo("-ERR unknown command 'foo', with args beginning with: 'a  b' \r\n");
	}

	@Test
	void incrementsAndDecrementsIntegers() {
		assertThat(send(resp("INCR", "n"))).isEqualTo(":1\r\n");
		assertThat(send(resp("INCRBY", "n", "41"))).isEqualTo(":42\r\n");
		assertThat(send(resp("DECR", "n"))).isEqualTo(":41\r\n");
		assertThat(send(resp("DECRBY", "n", "50"))).isEqualTo(":-9\r\n");
		assertThat(send(resp("GET", "n"))).isEqualTo("$2\r\n-9\r\n");
		assertThat(send(resp("SET", "n", "9223372036854775806"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("INCR", "n"))).isEqualTo(":9223372036854775807\r\n");
		assertThat(send(resp("INCR", "n"))).isEqualTo("-ERR increment or decrement would overflow\r\n");
		assertThat(send(resp("SET", "n", "-9223372036854775808"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("DECR", "n"))).isEqualTo("-ERR increment or decrement would overflow\r\n");
		assertThat(send(resp("GET", "n"))).isEqualTo("$20\r\n-9223372036854775808\r\n");
	}

	@ParameterizedTest
	@CsvSource({ "abc", "' 1'", "01", "+1", "-0", "1.5", "99999999999999999999", "''" })
	void refusesToIncrementValuesThatAreNotCanonicalIntegers(String value) {
		assertThat(send(resp("SET", "n", value))).isEqualTo("+OK\r\n");
		assertThat(send(resp("INCR", "n"))).isEqualTo("-ERR value is not an integer or out of range\r\n");
	}

	@Test
	void deletesAndCountsKeysLikeRedis() {
		send(resp("MSET", "a", "1", "b", "2", "c", "3"));
		assertThat(send(resp("EXISTS", "a", "a", "x"))).isEqualTo(":2\r\n");
		assertThat(send(resp("DEL", "a", "b", "x"))).isEqualTo(":2\r\n");
		assertThat(send(resp("DEL", "a"))).isEqualTo(":0\r\n");
		assertThat(send(resp("DBSIZE"))).isEqualTo(":1\r\n");
		assertThat(send(resp("FLUSHDB"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("DBSIZE"))).isEqualTo(":0\r\n");
	}

	@Test
	void getsAndSetsSeveralKeys() {
		assertThat(send(resp("MSET", "a", "1", "b", "2"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("MGET", "a", "x", "b"))).isEqualTo("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n");
	}

	@Test
	void expiresKeysLazilyOnRead() {
		assertThat(send(resp("SET", "k", "v", "PX", "100"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("PTTL", "k"))).isEqualTo(":100\r\n");
		assertThat(send(resp("TTL", "k"))).isEqualTo(":0\r\n");
		this.now.addAndGet(100);
		assertThat(send(resp("GET", "k"))).isEqualTo("$1\r\nv\r\n");
		this.now.addAndGet(1);
		assertThat(send(resp("GET", "k"))).isEqualTo("$-1\r\n");
		assertThat(send(resp("TTL", "k"))).isEqualTo(":-2\r\n");
		assertThat(this.table.count()).isZero();
		assertThat(this.executor.stats().expiredKeys()).isEqualTo(1);
	}

	@Test
	void setsExpiryInSecondsAndAbsoluteTimes() {
		send(resp("SET", "k", "v", "EX", "10"));
		assertThat(send(resp("TTL", "k"))).isEqualTo(":10\r\n");
		send(resp("SET", "k", "v", "PXAT", Long.toString(T0 + 2500)));
		assertThat(send(resp("TTL", "k"))).isEqualTo(":3\r\n");
		send(resp("SET", "k", "v", "EXAT", Long.toString(T0 / 1000 + 20)));
		assertThat(send(resp("PTTL", "k"))).isEqualTo(":20000\r\n");
		send(resp("SET", "k", "w", "KEEPTTL"));
		assertThat(send(resp("PTTL", "k"))).isEqualTo(":20000\r\n");
		send(resp("SET", "k", "w"));
		assertThat(send(resp("TTL", "k"))).isEqualTo(":-1\r\n");
	}

	@Test
	void incrKeepsTheTimeToLive() {
		send(resp("SET", "n", "1", "EX", "100"));
		send(resp("INCR", "n"));
		assertThat(send(resp("TTL", "n"))).isEqualTo(":100\r\n");
	}

	@Test
	void expireAndPexpireFollowRedisRules() {
		assertThat(send(resp("EXPIRE", "k", "10"))).isEqualTo(":0\r\n");
		send(resp("SET", "k", "v"));
		assertThat(send(resp("EXPIRE", "k", "10", "XX"))).isEqualTo(":0\r\n");
		assertThat(send(resp("EXPIRE", "k", "10", "GT"))).isEqualTo(":0\r\n");
		assertThat(send(resp("EXPIRE", "k", "10", "NX"))).isEqualTo(":1\r\n");
		assertThat(send(resp("EXPIRE", "k", "20", "NX"))).isEqualTo(":0\r\n");
		assertThat(send(resp("EXPIRE", "k", "5", "GT"))).isEqualTo(":0\r\n");
		assertThat(send(resp("EXPIRE", "k", "20", "gt"))).isEqualTo(":1\r\n");
		assertThat(send(resp("PEXPIRE", "k", "30000", "LT"))).isEqualTo(":0\r\n");
		assertThat(send(resp("PEXPIRE", "k", "1500", "LT"))).isEqualTo(":1\r\n");
		assertThat(send(resp("PTTL", "k"))).isEqualTo(":1500\r\n");
		assertThat(send(resp("EXPIRE", "k", "-1"))).isEqualTo(":1\r\n");
		assertThat(send(resp("EXISTS", "k"))).isEqualTo(":0\r\n");
	}

	@Test
	void sweepDeletesExpiredKeysNobodyReads() {
		send(resp("SET", "a", "1", "PX", "10"));
		send(resp("SET", "b", "2", "PX", "1000"));
		send(resp("SET", "c", "3"));
		this.now.addAndGet(11);
		int deleted = 0;
		// one pass over the table, two of its rows (buckets) at a time
		for (int i = 0; i < this.table.size(); i += 2) {
			deleted += this.executor.sweepExpired(2);
		}
		assertThat(deleted).isEqualTo(1);
		assertThat(this.table.exists("a")).isFalse();
		assertThat(this.table.exists("b")).isTrue();
		assertThat(this.table.exists("c")).isTrue();
	}

	@Test
	void scanVisitsEveryLiveMatchingKeyOnceOverAPassOfBoundedCalls() {
		for (int i = 0; i < 20; i++) {
			send(resp("SET", "user:" + i, "v"));
		}
		send(resp("SET", "other", "v"));
		send(resp("SET", "gone", "v", "PX", "5"));
		this.now.addAndGet(10);
		List<String> seen = new ArrayList<>();
		String cursor = "0";
		int calls = 0;
		do {
			List<String> reply = bulks(send(resp("SCAN", cursor, "MATCH", "user:*", "COUNT", "8")));
			cursor = reply.get(0);
			seen.addAll(reply.subList(1, reply.size()));
			calls++;
		}
		while (!cursor.equals("0"));
		// 64 rows, 8 a call
		assertThat(calls).isEqualTo(8);
		assertThat(seen).hasSize(20).doesNotHaveDuplicates().allSatisfy((key) -> assertThat(key).startsWith("user:"));
		assertThat(bulks(send(resp("SCAN", "0", "COUNT", "64")))).containsExactlyInAnyOrder("0", "other", "user:0",
				"user:1", "user:2", "user:3", "user:4", "user:5", "user:6", "user:7", "user:8", "user:9", "user:10",
				"user:11", "user:12", "user:13", "user:14", "user:15", "user:16", "user:17", "user:18", "user:19");
	}

	@Test
	void keysReturnsTheLiveKeysMatchingAGlob() {
		for (int i = 0; i < 12; i++) {
			send(resp("SET", "user:" + i, "v"));
		}
		send(resp("SET", "user:1x", "v", "PX", "5"));
		this.now.addAndGet(10);
		assertThat(bulks(send(resp("KEYS", "user:1?")))).containsExactlyInAnyOrder("user:10", "user:11");
		assertThat(bulks(send(resp("KEYS", "user:[2-3]")))).containsExactlyInAnyOrder("user:2", "user:3");
		assertThat(send(resp("KEYS", "nothing*"))).isEqualTo("*0\r\n");
	}

	@Test
	void scanAnswersBadArgumentsAsRedisDoes() {
		send(resp("SET", "k", "v"));
		assertThat(send(resp("SCAN", "abc"))).isEqualTo("-ERR invalid cursor\r\n");
		assertThat(send(resp("SCAN", "-1"))).isEqualTo("-ERR invalid cursor\r\n");
		assertThat(send(resp("SCAN", "0", "COUNT", "0"))).isEqualTo("-ERR syntax error\r\n");
		assertThat(send(resp("SCAN", "0", "MATCH"))).isEqualTo("-ERR syntax error\r\n");
		assertThat(send(resp("SCAN", "0", "LIMIT", "3"))).isEqualTo("-ERR syntax error\r\n");
		assertThat(send(resp("SCAN", "0", "TYPE", "hash", "COUNT", "64"))).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
		assertThat(send(resp("SCAN", "0", "TYPE", "string", "COUNT", "64")))
			.isEqualTo("*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
		// a cursor past the table ends the iteration, as an unknown one does in Redis
		assertThat(send(resp("SCAN", "1000"))).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
	}

	/**
	 * The bulk strings of a reply, in order, at any nesting (a SCAN reply gives the
	 * cursor, then the keys).
	 */
	private static List<String> bulks(String reply) {
		List<String> bulks = new ArrayList<>();
		String[] lines = reply.split("\r\n");
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].startsWith("$")) {
				bulks.add(lines[++i]);
			}
		}
		return bulks;
	}

	@Test
	void runsPipelinedCommandsSplitAnywhere() {
		String batch = resp("SET", "k", "1") + resp("INCR", "k") + "GET k\r\n" + resp("PING");
		StringBuilder replies = new StringBuilder();
		for (int cut = 0; cut <= batch.length(); cut += 7) {
			replies.append(send(batch.substring(cut, Math.min(cut + 7, batch.length()))));
		}
		assertThat(replies).hasToString("+OK\r\n:2\r\n$1\r\n2\r\n+PONG\r\n");
	}

	@Test
	void skipsNonPositiveMultibulkCountsLikeRedis() {
		assertThat(send("*-5\r\n*0\r\n" + resp("PING"))).isEqualTo("+PONG\r\n");
		assertThat(this.open).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			*1\\r\\n$abc\\r\\n                  | -ERR Protocol error: invalid bulk length
			*1\\r\\n$5000\\r\\n                 | -ERR Protocol error: invalid bulk length
			*x\\r\\n                           | -ERR Protocol error: invalid multibulk length
			*1\\r\\n+3\\r\\n                    | -ERR Protocol error: expected '$', got '+'
			SET k "v\\r\\n                      | -ERR Protocol error: unbalanced quotes in request
			""")
	void answersProtocolErrorsThenCloses(String input, String reply) {
		String bytes = input.replace("\\r", "\r").replace("\\n", "\n");
		assertThat(send(resp("PING") + bytes + resp("PING"))).isEqualTo("+PONG\r\n" + reply + "\r\n");
		assertThat(this.open).isFalse();
		assertThat(send(resp("PING"))).isEmpty();
		assertThat(this.executor.stats().protocolErrors()).isEqualTo(1);
	}

	@Test
	void refusesKeysAndValuesOverTheTableLimitsAndChangesNothing() {
		String longKey = "k".repeat(64);
		assertThat(send(resp("SET", longKey, "v")))
			.isEqualTo("-ERR key of 64 bytes refused by the table (expected: 1 to 63 bytes of UTF-8)\r\n");
		assertThat(send(resp("GET", "")))
			.isEqualTo("-ERR key of 0 bytes refused by the table (expected: 1 to 63 bytes of UTF-8)\r\n");
		assertThat(send(resp("SET", "k", "v".repeat(33))))
			.isEqualTo("-ERR value of 33 bytes refused by the table (expected: at most 32 bytes)\r\n");
		assertThat(send(resp("MSET", "a", "1", "b", "v".repeat(33))))
			.startsWith("-ERR value of 33 bytes refused by the table");
		assertThat(send(resp("SET", "k".repeat(63), "v".repeat(32)))).isEqualTo("+OK\r\n");
		assertThat(send(resp("DBSIZE"))).isEqualTo(":1\r\n");
		assertThat(this.open).isTrue();
	}

	@Test
	void refusesKeysThatAreNotUtf8() {
		byte[] command = "*2\r\n$3\r\nGET\r\n$2\r\n\u00ff\u00fe\r\n".getBytes(StandardCharsets.ISO_8859_1);
		this.session.receive(command, 0, command.length);
		assertThat(new String(this.session.replies().toByteArray(), StandardCharsets.UTF_8))
			.isEqualTo("-ERR key refused by the table (expected: valid UTF-8)\r\n");
	}

	@Test
	void storesUtf8Keys() {
		assertThat(send(resp("SET", "clé", "v"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("GET", "clé"))).isEqualTo("$1\r\nv\r\n");
		assertThat(this.table.exists("clé")).isTrue();
	}

	@Test
	void reportsAFullTable() {
		String reply = "";
		for (int i = 0; i < 1000; i++) {
			reply = send(resp("SET", "key" + i, "v"));
			if (!reply.equals("+OK\r\n")) {
				break;
			}
		}
		assertThat(reply).isEqualTo("-ERR table full: no free row for a new key\r\n");
		assertThat(send(resp("INCR", "another"))).isEqualTo("-ERR table full: no free row for a new key\r\n");
		assertThat(send(resp("SET", "key0", "still writable"))).isEqualTo("+OK\r\n");
	}

	@Test
	void quitRepliesOkAndCloses() {
		assertThat(send(resp("QUIT") + resp("PING"))).isEqualTo("+OK\r\n");
		assertThat(this.open).isFalse();
	}

	@Test
	void infoReportsTableAndServerStats() {
		send(resp("SET", "k", "v", "EX", "5"));
		send(resp("GET", "k"));
		send(resp("GET", "x"));
		String info = send(resp("INFO"));
		assertThat(info).contains("# Server\r\nredis_version:")
			.contains("connected_clients:3\r\n")
			.contains("keyspace_hits:1\r\nkeyspace_misses:1\r\n")
			.contains("# Table\r\n")
			.contains("table_rows:1\r\n")
			.contains("db0:keys=1,expires=1,avg_ttl=0\r\n");
		assertThat(send(resp("INFO", "keyspace"))).isEqualTo(bulk("# Keyspace\r\ndb0:keys=1,expires=1,avg_ttl=0\r\n"));
		assertThat(send(resp("INFO", "nosuchsection"))).isEqualTo("$0\r\n\r\n");
	}

	@Test
	void describesItsCommands() {
		assertThat(send(resp("COMMAND", "COUNT"))).isEqualTo(":" + RedisCommandSpec.all().length + "\r\n");
		assertThat(send(resp("COMMAND", "INFO", "get", "nosuch")))
			.startsWith("*2\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n")
			.endsWith("*-1\r\n");
		assertThat(send(resp("COMMAND", "DOCS", "ttl"))).isEqualTo("*2\r\n" + bulk("ttl") + "*8\r\n" + bulk("summary")
				+ bulk("Returns the expiration time in seconds of a key.") + bulk("since") + bulk("1.0.0")
				+ bulk("group") + bulk("generic") + bulk("complexity") + bulk("O(1)"));
		assertThat(send(resp("COMMAND"))).startsWith("*" + RedisCommandSpec.all().length + "\r\n*10\r\n");
	}

	@Test
	void answersConfigGetForBenchmarks() {
		assertThat(send(resp("CONFIG", "GET", "save"))).isEqualTo("*2\r\n" + bulk("save") + bulk(""));
		assertThat(send(resp("CONFIG", "GET", "append*"))).isEqualTo("*2\r\n" + bulk("appendonly") + bulk("no"));
		assertThat(send(resp("CONFIG", "GET", "nosuch"))).isEqualTo("*0\r\n");
		assertThat(send(resp("CONFIG", "SET", "save", "")))
			.isEqualTo("-ERR unknown subcommand 'SET'. Try CONFIG HELP.\r\n");
		assertThat(send(resp("CONFIG", "GET")))
			.isEqualTo("-ERR wrong number of arguments for 'config|get' command\r\n");
	}

	@Test
	void namesClients() {
		assertThat(send(resp("CLIENT", "GETNAME"))).isEqualTo("$-1\r\n");
		assertThat(send(resp("CLIENT", "SETNAME", "demo"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("CLIENT", "GETNAME"))).isEqualTo("$4\r\ndemo\r\n");
		assertThat(send(resp("CLIENT", "ID"))).isEqualTo(":7\r\n");
		assertThat(send(resp("CLIENT", "SETINFO", "LIB-NAME", "jedis"))).isEqualTo("+OK\r\n");
		assertThat(send(resp("CLIENT", "INFO"))).contains("name=demo").contains("lib-name=jedis");
	}

	@Test
	void refusesATableWithoutTheColumns() {
		try (Table wrong = Table.builder().size(64).column("value", io.swoole4j.table.ColumnType.INT, 8).create()) {
			assertThatIllegalArgumentException().isThrownBy(() -> new RedisCommandExecutor(wrong, () -> 0, Map::of));
		}
	}

	@Test
	void writesDecimalsLikeLongToString() {
		byte[] out = new byte[20];
		for (long v : new long[] { 0, 7, -7, 10, -10, 123456789, Long.MAX_VALUE, Long.MIN_VALUE }) {
			int n = RedisCommandExecutor.decimal(v, out);
			assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
		}
	}

}
