package io.swoole4j.demo.redis;

import java.util.List;
import java.util.Locale;

import io.swoole4j.protocol.resp.RespCommand;

/**
 * The commands the demo serves, with the metadata Redis 7 reports for them through
 * {@code COMMAND} and {@code COMMAND DOCS}: arity (negative means "at least"), flags, key
 * positions, ACL categories and help texts. The arity is checked before a command runs,
 * exactly as Redis does, so its error text names the command in lower case.
 */
enum RedisCommandSpec {

	GET("get", 2, List.of("readonly", "fast"), 1, 1, 1, "string", "Returns the string value of a key.", "1.0.0",
			"O(1)"),

	SET("set", -3, List.of("write", "denyoom"), 1, 1, 1, "string",
			"Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.", "1.0.0",
			"O(1)"),

	INCR("incr", 2, List.of("write", "denyoom", "fast"), 1, 1, 1, "string",
			"Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", "1.0.0",
			"O(1)"),

	DECR("decr", 2, List.of("write", "denyoom", "fast"), 1, 1, 1, "string",
			"Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.", "1.0.0",
			"O(1)"),

	INCRBY("incrby", 3, List.of("write", "denyoom", "fast"), 1, 1, 1, "string",
			"Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.",
			"1.0.0", "O(1)"),

	DECRBY("decrby", 3, List.of("write", "denyoom", "fast"), 1, 1, 1, "string",
			"Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.",
			"1.0.0", "O(1)"),

	MGET("mget", -2, List.of("readonly", "fast"), 1, -1, 1, "string",
			"Atomically returns the string values of one or more keys.", "1.0.0",
			"O(N) where N is the number of keys to retrieve."),

	MSET("mset", -3, List.of("write", "denyoom"), 1, -1, 2, "string",
			"Atomically creates or modifies the string values of one or more keys.", "1.0.1",
			"O(N) where N is the number of keys to set."),

	DEL("del", -2, List.of("write"), 1, -1, 1, "generic", "Deletes one or more keys.", "1.0.0",
			"O(N) where N is the number of keys that will be removed."),

	EXISTS("exists", -2, List.of("readonly", "fast"), 1, -1, 1, "generic", "Determines whether one or more keys exist.",
			"1.0.0", "O(N) where N is the number of keys to check."),

	EXPIRE("expire", -3, List.of("write", "fast"), 1, 1, 1, "generic", "Sets the expiration time of a key in seconds.",
			"1.0.0", "O(1)"),

	PEXPIRE("pexpire", -3, List.of("write", "fast"), 1, 1, 1, "generic",
			"Sets the expiration time of a key in milliseconds.", "2.6.0", "O(1)"),

	TTL("ttl", 2, List.of("readonly", "fast"), 1, 1, 1, "generic", "Returns the expiration time in seconds of a key.",
			"1.0.0", "O(1)"),

	PTTL("pttl", 2, List.of("readonly", "fast"), 1, 1, 1, "generic",
			"Returns the expiration time in milliseconds of a key.", "2.6.0", "O(1)"),

	DBSIZE("dbsize", 1, List.of("readonly", "fast"), 0, 0, 0, "server", "Returns the number of keys in the database.",
			"1.0.0", "O(1)"),

	KEYS("keys", 2, List.of("readonly"), 0, 0, 0, "generic", "Returns all key names that match a pattern.", "1.0.0",
			"O(N) with N being the number of keys in the database"),

	SCAN("scan", -2, List.of("readonly"), 0, 0, 0, "generic", "Iterates over the key names in the database.", "2.8.0",
			"O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0."),

	FLUSHDB("flushdb", -1, List.of("write"), 0, 0, 0, "server", "Removes all keys from the current database.", "1.0.0",
			"O(N) where N is the number of keys in the selected database"),

	PING("ping", -1, List.of("fast"), 0, 0, 0, "connection", "Returns the server's liveliness response.", "1.0.0",
			"O(1)"),

	ECHO("echo", 2, List.of("fast"), 0, 0, 0, "connection", "Returns the given string.", "1.0.0", "O(1)"),

	INFO("info", -1, List.of("loading", "stale"), 0, 0, 0, "server",
			"Returns information and statistics about the server.", "1.0.0", "O(1)"),

	COMMAND("command", -1, List.of("loading", "stale"), 0, 0, 0, "server",
			"Returns detailed information about all commands.", "2.8.13",
			"O(N) where N is the total number of Redis commands"),

	CLIENT("client", -2, List.of("loading", "stale"), 0, 0, 0, "connection",
			"A container for client connection commands.", "2.4.0", "Depends on subcommand."),

	CONFIG("config", -2, List.of("admin", "noscript", "loading", "stale"), 0, 0, 0, "server",
			"A container for server configuration commands (GET only: this server is configured by Spring).", "2.0.0",
			"Depends on subcommand."),

	QUIT("quit", -1, List.of("fast", "loading", "stale"), 0, 0, 0, "connection", "Closes the connection.", "1.0.0",
			"O(1)");

	private static final RedisCommandSpec[] ALL = values();

	private final String lowerName;

	private final String upperName;

	private final int arity;

	private final List<String> flags;

	private final int firstKey;

	private final int lastKey;

	private final int step;

	private final String group;

	private final String summary;

	private final String since;

	private final String complexity;

	RedisCommandSpec(String lowerName, int arity, List<String> flags, int firstKey, int lastKey, int step, String group,
			String summary, String since, String complexity) {
		this.lowerName = lowerName;
		this.upperName = lowerName.toUpperCase(Locale.ROOT);
		this.arity = arity;
		this.flags = flags;
		this.firstKey = firstKey;
		this.lastKey = lastKey;
		this.step = step;
		this.group = group;
		this.summary = summary;
		this.since = since;
		this.complexity = complexity;
	}

	/**
	 * Finds the command named by argument 0, ignoring case, without allocating.
	 * @return the spec, or null for an unknown command
	 */
	static RedisCommandSpec lookup(RespCommand command) {
		for (RedisCommandSpec spec : ALL) {
			if (command.is(spec.upperName)) {
				return spec;
			}
		}
		return null;
	}

	/** Finds a command by name, ignoring case; null if unknown. */
	static RedisCommandSpec lookup(String name) {
		for (RedisCommandSpec spec : ALL) {
			if (spec.upperName.equalsIgnoreCase(name)) {
				return spec;
			}
		}
		return null;
	}

	static RedisCommandSpec[] all() {
		return ALL;
	}

	/** Whether {@code argCount} arguments (the name included) satisfy the arity. */
	boolean acceptsArgCount(int argCount) {
		return (this.arity > 0) ? argCount == this.arity : argCount >= -this.arity;
	}

	String lowerName() {
		return this.lowerName;
	}

	int arity() {
		return this.arity;
	}

	List<String> flags() {
		return this.flags;
	}

	int firstKey() {
		return this.firstKey;
	}

	int lastKey() {
		return this.lastKey;
	}

	int step() {
		return this.step;
	}

	String group() {
		return this.group;
	}

	String summary() {
		return this.summary;
	}

	String since() {
		return this.since;
	}

	String complexity() {
		return this.complexity;
	}

}
