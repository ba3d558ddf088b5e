package io.swoole4j.demo.redis;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.swoole4j.protocol.resp.RespCommand;
import io.swoole4j.protocol.resp.RespReplyWriter;

/**
 * {@code COMMAND} and {@code CLIENT}: the introspection and connection commands that
 * {@code redis-cli}, {@code redis-benchmark} and client libraries send, answered in Redis
 * 7's formats. {@code COMMAND DOCS} gives {@code redis-cli} its help texts and hints for
 * the commands this server has.
 */
final class RedisAdminCommands {

	private static final List<String> COMMAND_HELP = List.of(
			"COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", "(no subcommand)",
			"    Return details about all commands.", "COUNT", "    Return the total number of commands.",
			"DOCS [<command-name> ...]", "    Return documentation details about multiple commands.",
			"INFO [<command-name> ...]", "    Return details about multiple commands.", "LIST",
			"    Return a list of all commands.", "HELP", "    Print this help.");

	private static final List<String> CLIENT_HELP = List.of(
			"CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", "GETNAME",
			"    Return the name of the current connection.", "ID", "    Return the ID of the current connection.",
			"INFO", "    Return information about the current client connection.", "SETINFO <option> <value>",
			"    Set client meta attr. Options are:", "    * LIB-NAME: the client lib name.",
			"    * LIB-VER: the client lib version.", "SETNAME <name>",
			"    Assign the name <name> to the current connection.", "HELP", "    Print this help.");

	private static final List<String> CONFIG_HELP = List.of(
			"CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", "GET <pattern>",
			"    Return parameters matching the glob-like <pattern> and their values.", "HELP", "    Print this help.");

	private RedisAdminCommands() {
	}

	static void command(RespCommand c, RespReplyWriter out) {
		int argc = c.argCount();
		if (argc == 1) {
			allInfo(out);
		}
		else if (c.argIs(1, "COUNT")) {
			if (argc != 2) {
				RedisCommandExecutor.wrongArity("command|count", out);
				return;
			}
			out.integer(RedisCommandSpec.all().length);
		}
		else if (c.argIs(1, "INFO")) {
			if (argc == 2) {
				allInfo(out);
				return;
			}
			out.arrayHeader(argc - 2);
			for (int i = 2; i < argc; i++) {
				RedisCommandSpec spec = RedisCommandSpec.lookup(c.argAsString(i));
				if (spec == null) {
					out.nullArray();
				}
				else {
					info(spec, out);
				}
			}
		}
		else if (c.argIs(1, "DOCS")) {
			docs(c, out);
		}
		else if (c.argIs(1, "LIST")) {
			if (argc != 2) {
				out.error("syntax error");
				return;
			}
			RedisCommandSpec[] all = RedisCommandSpec.all();
			out.arrayHeader(all.length);
			for (RedisCommandSpec spec : all) {
				out.bulk(spec.lowerName());
			}
		}
		else if (c.argIs(1, "HELP")) {
			if (argc != 2) {
				RedisCommandExecutor.wrongArity("command|help", out);
				return;
			}
			help(COMMAND_HELP, out);
		}
		else {
			unknownSubcommand(c, out);
		}
	}

	private static void allInfo(RespReplyWriter out) {
		RedisCommandSpec[] all = RedisCommandSpec.all();
		out.arrayHeader(all.length);
		for (RedisCommandSpec spec : all) {
			info(spec, out);
		}
	}

	private static void info(RedisCommandSpec spec, RespReplyWriter out) {
		out.arrayHeader(10);
		out.bulk(spec.lowerName());
		out.integer(spec.arity());
		out.arrayHeader(spec.flags().size());
		for (String flag : spec.flags()) {
			out.simpleString(flag);
		}
		out.integer(spec.firstKey());
		out.integer(spec.lastKey());
		out.integer(spec.step());
		boolean write = spec.flags().contains("write");
		boolean fast = spec.flags().contains("fast");
		out.arrayHeader(3);
		out.simpleString(write ? "@write" : "@read");
		out.simpleString("@" + ("generic".equals(spec.group()) ? "keyspace" : spec.group()));
		out.simpleString(fast ? "@fast" : "@slow");
		// tips, key specifications, subcommands
		out.arrayHeader(0);
		out.arrayHeader(0);
		out.arrayHeader(0);
	}

	private static void docs(RespCommand c, RespReplyWriter out) {
		int argc = c.argCount();
		int count = 0;
		if (argc == 2) {
			count = RedisCommandSpec.all().length;
		}
		else {
			for (int i = 2; i < argc; i++) {
				if (RedisCommandSpec.lookup(c.argAsString(i)) != null) {
					count++;
				}
			}
		}
		// RESP2 renders Redis's map reply as a flat array of name, docs, name, docs, ...
		out.arrayHeader(count * 2);
		if (argc == 2) {
			for (RedisCommandSpec spec : RedisCommandSpec.all()) {
				doc(spec, out);
			}
			return;
		}
		for (int i = 2; i < argc; i++) {
			RedisCommandSpec spec = RedisCommandSpec.lookup(c.argAsString(i));
			if (spec != null) {
				doc(spec, out);
			}
		}
	}

	private static void doc(RedisCommandSpec spec, RespReplyWriter out) {
		out.bulk(spec.lowerName());
		out.arrayHeader(8);
		out.bulk("summary").bulk(spec.summary());
		out.bulk("since").bulk(spec.since());
		out.bulk("group").bulk(spec.group());
		out.bulk("complexity").bulk(spec.complexity());
	}

	static void config(RespCommand c, Map<String, String> values, RespReplyWriter out) {
		int argc = c.argCount();
		if (c.argIs(1, "GET")) {
			if (argc < 3) {
				RedisCommandExecutor.wrongArity("config|get", out);
				return;
			}
			Map<String, String> matches = new TreeMap<>();
			for (int i = 2; i < argc; i++) {
				String pattern = c.argAsString(i).toLowerCase(Locale.ROOT);
				values.forEach((name, value) -> {
					if (globMatches(pattern, 0, name, 0)) {
						matches.put(name, value);
					}
				});
			}
			out.arrayHeader(matches.size() * 2);
			matches.forEach((name, value) -> out.bulk(name).bulk(value));
		}
		else if (c.argIs(1, "HELP")) {
			help(CONFIG_HELP, out);
		}
		else {
			unknownSubcommand(c, out);
		}
	}

	/** Redis's stringmatch for the two wildcards a CONFIG GET pattern uses. */
	static boolean globMatches(String pattern, int p, String text, int t) {
		while (p < pattern.length()) {
			char c = pattern.charAt(p);
			if (c == '*') {
				for (int i = t; i <= text.length(); i++) {
					if (globMatches(pattern, p + 1, text, i)) {
						return true;
					}
				}
				return false;
			}
			if (t == text.length() || (c != '?' && c != text.charAt(t))) {
				return false;
			}
			p++;
			t++;
		}
		return t == text.length();
	}

	static void client(RespSession s, RespCommand c, RespReplyWriter out) {
		int argc = c.argCount();
		if (c.argIs(1, "ID")) {
			if (arity(argc == 2, "client|id", out)) {
				out.integer(s.id());
			}
		}
		else if (c.argIs(1, "SETNAME")) {
			if (arity(argc == 3, "client|setname", out)) {
				String name = c.argAsString(2);
				if (!isPrintableWord(c, 2)) {
					out.error("Client names cannot contain spaces, newlines or special characters.");
					return;
				}
				s.name = name.isEmpty() ? null : name;
				out.ok();
			}
		}
		else if (c.argIs(1, "GETNAME")) {
			if (arity(argc == 2, "client|getname", out)) {
				if (s.name == null) {
					out.nullBulk();
				}
				else {
					out.bulk(s.name);
				}
			}
		}
		else if (c.argIs(1, "SETINFO")) {
			if (arity(argc == 4, "client|setinfo", out)) {
				setInfo(s, c, out);
			}
		}
		else if (c.argIs(1, "INFO")) {
			if (arity(argc == 2, "client|info", out)) {
				out.bulk("id=" + s.id() + " name=" + orEmpty(s.name) + " db=0 cmd=client|info lib-name="
						+ orEmpty(s.libName) + " lib-ver=" + orEmpty(s.libVersion) + "\n");
			}
		}
		else if (c.argIs(1, "HELP")) {
			if (arity(argc == 2, "client|help", out)) {
				help(CLIENT_HELP, out);
			}
		}
		else {
			unknownSubcommand(c, out);
		}
	}

	private static void setInfo(RespSession s, RespCommand c, RespReplyWriter out) {
		boolean libName = c.argIs(2, "LIB-NAME");
		if (!libName && !c.argIs(2, "LIB-VER")) {
			out.error("Unrecognized option '" + c.argAsString(2) + "'");
			return;
		}
		if (!isPrintableWord(c, 3)) {
			out.error(c.argAsString(2).toLowerCase(Locale.ROOT)
					+ " cannot contain spaces, newlines or special characters.");
			return;
		}
		String value = c.argAsString(3);
		if (libName) {
			s.libName = value;
		}
		else {
			s.libVersion = value;
		}
		out.ok();
	}

	private static boolean arity(boolean ok, String fullName, RespReplyWriter out) {
		if (!ok) {
			RedisCommandExecutor.wrongArity(fullName, out);
		}
		return ok;
	}

	/** Redis's rule for client names: printable ASCII without spaces ('!' to '~'). */
	private static boolean isPrintableWord(RespCommand c, int index) {
		byte[] data = c.array();
		for (int i = c.argOffset(index), end = i + c.argLength(index); i < end; i++) {
			if (data[i] < '!' || data[i] > '~') {
				return false;
			}
		}
		return true;
	}

	private static String orEmpty(String text) {
		return (text != null) ? text : "";
	}

	private static void help(List<String> lines, RespReplyWriter out) {
		out.arrayHeader(lines.size());
		for (String line : lines) {
			out.simpleString(line);
		}
	}

	private static void unknownSubcommand(RespCommand c, RespReplyWriter out) {
		String sub = c.argAsString(1);
		out.error("unknown subcommand '" + sub.substring(0, Math.min(sub.length(), 128)) + "'. Try "
				+ c.argAsString(0).toUpperCase(Locale.ROOT) + " HELP.");
	}

}
