package io.swoole4j.protocol.resp;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RespRequestParserTests {

	/** Multibulk, inline, skipped empty requests and binary bulks, back to back. */
	private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n" + "PING\r\n" + "*0\r\n"
			+ "\r\n" + "*-1\r\n" + "set k \"a b\"\n" + "*2\r\n$3\r\nGET\r\n$0\r\n\r\n" + "  echo   'it\\'s'  \t \r\n"
			+ "*1\r\n$4\r\nPING\r\n";

	private static final List<List<String>> PIPELINE_COMMANDS = List.of(List.of("SET", "key", "va\r\nl"),
			List.of("PING"), List.of("set", "k", "a b"), List.of("GET", ""), List.of("echo", "it's"), List.of("PING"));

	@Test
	void parsesOneMultibulkCommand() {
		RespRequestParser parser = new RespRequestParser();
		ByteBuffer in = ascii("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.COMMAND);
		assertThat(in.hasRemaining()).isFalse();
		RespCommand command = parser.command();
		assertThat(command.argCount()).isEqualTo(3);
		assertThat(command.is("set")).isTrue();
		assertThat(command.argAsString(1)).isEqualTo("k");
		assertThat(command.argAsString(2)).isEqualTo("v");
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.NEED_MORE_INPUT);
	}

	@Test
	void returnsPipelinedCommandsOneAtATimeLeavingTheRestUnread() {
		RespRequestParser parser = new RespRequestParser();
		ByteBuffer in = ascii("PING\r\n*1\r\n$4\r\nPING\r\n");
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.COMMAND);
		assertThat(in.position()).isEqualTo(6);
		assertThat(parser.consumed()).isEqualTo(6);
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.COMMAND);
		assertThat(in.hasRemaining()).isFalse();
	}

	@Test
	void yieldsTheSameCommandsWhateverByteThePipelineIsSplitAt() {
		byte[] stream = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
		for (int split = 0; split <= stream.length; split++) {
			RespRequestParser parser = new RespRequestParser();
			List<List<String>> commands = new ArrayList<>();
			drain(parser, ByteBuffer.wrap(stream, 0, split).slice(), commands);
			drain(parser, ByteBuffer.wrap(stream, split, stream.length - split).slice(), commands);
			assertThat(commands).as("split at %d", split).isEqualTo(PIPELINE_COMMANDS);
		}
	}

	@Test
	void yieldsTheSameCommandsWhateverTwoBytesThePipelineIsSplitAt() {
		byte[] stream = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
		for (int first = 0; first <= stream.length; first++) {
			for (int second = first; second <= stream.length; second++) {
				RespRequestParser parser = new RespRequestParser();
				List<List<String>> commands = new ArrayList<>();
				drain(parser, ByteBuffer.wrap(stream, 0, first).slice(), commands);
				drain(parser, ByteBuffer.wrap(stream, first, second - first).slice(), commands);
				drain(parser, ByteBuffer.wrap(stream, second, stream.length - second).slice(), commands);
				assertThat(commands).as("split at %d and %d", first, second).isEqualTo(PIPELINE_COMMANDS);
			}
		}
	}

	@Test
	void yieldsTheSameCommandsFedOneByteAtATimeThroughOneReusedBuffer() {
		byte[] stream = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
		RespRequestParser parser = new RespRequestParser();
		List<List<String>> commands = new ArrayList<>();
		ByteBuffer readBuffer = ByteBuffer.allocateDirect(16);
		for (byte b : stream) {
			readBuffer.clear();
			readBuffer.put(b).flip();
			drain(parser, readBuffer, commands);
		}
		assertThat(commands).isEqualTo(PIPELINE_COMMANDS);
	}

	@Test
	void parsesFromAMemorySegmentAtAnOffset() {
		byte[] stream = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
		try (Arena arena = Arena.ofConfined()) {
			MemorySegment segment = arena.allocate(stream.length + 10);
			MemorySegment.copy(stream, 0, segment, ValueLayout.JAVA_BYTE, 10, stream.length);
			RespRequestParser parser = new RespRequestParser();
			List<List<String>> commands = new ArrayList<>();
			long offset = 10;
			long end = 10 + stream.length;
			int result;
			while ((result = parser.parse(segment, offset, end - offset)) == RespRequestParser.COMMAND) {
				commands.add(args(parser.command()));
				offset += parser.consumed();
			}
			assertThat(result).isEqualTo(RespRequestParser.NEED_MORE_INPUT);
			assertThat(offset + parser.consumed()).isEqualTo(end);
			assertThat(commands).isEqualTo(PIPELINE_COMMANDS);
		}
	}

	@Test
	void keepsBinaryBulksIntact() {
		byte[] value = new byte[256];
		for (int i = 0; i < value.length; i++) {
			value[i] = (byte) i;
		}
		ByteBuffer in = ByteBuffer.allocate(512);
		in.put(bytes("*2\r\n$3\r\nSET\r\n$256\r\n")).put(value).put(bytes("\r\n")).flip();
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.COMMAND);
		assertThat(parser.command().argBytes(1)).isEqualTo(value);
		assertThat(parser.command().argEquals(1, value)).isTrue();
	}

	static Stream<Arguments> inlineCommands() {
		return Stream.of(arguments("PING\r\n", List.of("PING")), arguments("PING\n", List.of("PING")),
				arguments("set k v\r\n", List.of("set", "k", "v")),
				arguments("   get\t\tk   \r\n", List.of("get", "k")),
				arguments("set k \"a b\"\r\n", List.of("set", "k", "a b")),
				arguments("set k \"\\x41\\x7a\\n\"\r\n", List.of("set", "k", "Az\n")),
				arguments("set k \"\\q\\\"\\\\\"\r\n", List.of("set", "k", "q\"\\")),
				arguments("set k \"\\xZZ\"\r\n", List.of("set", "k", "xZZ")),
				arguments("echo 'a \"b\"'\r\n", List.of("echo", "a \"b\"")),
				arguments("echo 'it\\'s'\r\n", List.of("echo", "it's")),
				arguments("echo 'a\\nb'\r\n", List.of("echo", "a\\nb")),
				arguments("echo a\"b c\"\r\n", List.of("echo", "ab c")),
				arguments("echo \"\"\r\n", List.of("echo", "")),
				arguments("echo a\r\rb\r\n", List.of("echo", "a", "b")));
	}

	@ParameterizedTest
	@MethodSource("inlineCommands")
	void splitsInlineCommandsLikeRedis(String request, List<String> expected) {
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(ascii(request))).isEqualTo(RespRequestParser.COMMAND);
		assertThat(args(parser.command())).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "echo a\"b c\"d\r\n", "echo \"abc\r\n", "echo 'abc\r\n", "echo \"a\"b\r\n",
			"echo 'a'b\r\n", "echo \"abc\\\r\n" })
	void refusesInlineCommandsWithUnbalancedQuotes(String request) {
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(ascii(request))).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		assertThat(parser.errorMessage()).isEqualTo("Protocol error: unbalanced quotes in request");
	}

	@Test
	void endsAnInlineLineAtANulByteAsRedisDoes() {
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(ascii("get k\0 ignored\r\n"))).isEqualTo(RespRequestParser.COMMAND);
		assertThat(args(parser.command())).containsExactly("get", "k");
	}

	@Test
	void skipsEmptyRequestsAndWaitsForARealOne() {
		RespRequestParser parser = new RespRequestParser();
		ByteBuffer in = ascii("\r\n \t\r\n*0\r\n*-10\r\n\n");
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.NEED_MORE_INPUT);
		assertThat(in.hasRemaining()).isFalse();
	}

	static Stream<Arguments> badRequests() {
		String multibulk = "Protocol error: invalid multibulk length";
		String bulk = "Protocol error: invalid bulk length";
		return Stream.of(arguments("*abc\r\n", multibulk), arguments("*1x\r\n", multibulk),
				arguments("*01\r\n", multibulk), arguments("*+1\r\n", multibulk), arguments("*\r\n", multibulk),
				arguments("*20000000\r\n", multibulk), arguments("*99999999999999999999\r\n", multibulk),
				arguments("*1\r\nx\r\n", "Protocol error: expected '$', got 'x'"),
				arguments("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "Protocol error: expected '$', got 'f'"),
				arguments("*1\r\n\r\n", "Protocol error: expected '$', got '\r'"), arguments("*1\r\n$-1\r\n", bulk),
				arguments("*1\r\n$abc\r\n", bulk), arguments("*1\r\n$\r\n", bulk), arguments("*1\r\n$01\r\n", bulk),
				arguments("*1\r\n$2147483648\r\n", bulk), arguments("*1\r\n$2097153\r\n", bulk),
				arguments("set k \"v\r\n", "Protocol error: unbalanced quotes in request"));
	}

	@ParameterizedTest
	@MethodSource("badRequests")
	void reportsProtocolErrorsWithRedisMessages(String request, String message) {
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(ascii(request))).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		assertThat(parser.errorMessage()).isEqualTo(message);
	}

	@Test
	void reportsAProtocolErrorWhateverByteTheBadRequestIsSplitAt() {
		byte[] stream = bytes("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$x\r\n");
		for (int split = 0; split <= stream.length; split++) {
			RespRequestParser parser = new RespRequestParser();
			List<List<String>> commands = new ArrayList<>();
			int first = drain(parser, ByteBuffer.wrap(stream, 0, split).slice(), commands);
			int second = (first == RespRequestParser.PROTOCOL_ERROR) ? first
					: drain(parser, ByteBuffer.wrap(stream, split, stream.length - split).slice(), commands);
			assertThat(second).as("split at %d", split).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
			assertThat(parser.errorMessage()).isEqualTo("Protocol error: invalid bulk length");
			assertThat(commands).containsExactly(List.of("GET", "k"));
		}
	}

	@Test
	void staysFailedAfterAProtocolErrorUntilReset() {
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(ascii("*x\r\n"))).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		ByteBuffer more = ascii("PING\r\n");
		assertThat(parser.parse(more)).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		assertThat(more.position()).isZero();
		assertThat(parser.consumed()).isZero();
		parser.reset();
		assertThat(parser.errorMessage()).isNull();
		assertThat(parser.parse(more)).isEqualTo(RespRequestParser.COMMAND);
		assertThat(parser.command().is("PING")).isTrue();
	}

	static Stream<Arguments> limits() {
		RespLimits defaults = RespLimits.defaults();
		return Stream.of(
				arguments(defaults.withMaxMultibulkLength(2), "*2\r\n$1\r\na\r\n$1\r\nb\r\n", "*3\r\n",
						"Protocol error: invalid multibulk length"),
				arguments(defaults.withMaxBulkLength(4), "*1\r\n$4\r\nPING\r\n", "*1\r\n$5\r\n",
						"Protocol error: invalid bulk length"),
				arguments(defaults.withPackageMaxLength(8), "*2\r\n$4\r\nabcd\r\n$4\r\nefgh\r\n",
						"*2\r\n$4\r\nabcd\r\n$5\r\n", "Protocol error: invalid bulk length"));
	}

	@ParameterizedTest
	@MethodSource("limits")
	void acceptsARequestAtAConfiguredLimitAndRefusesOnePastIt(RespLimits limits, String atLimit, String pastLimit,
			String message) {
		RespRequestParser parser = new RespRequestParser(limits);
		assertThat(parser.parse(ascii(atLimit))).isEqualTo(RespRequestParser.COMMAND);
		assertThat(parser.parse(ascii(pastLimit))).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		assertThat(parser.errorMessage()).isEqualTo(message);
	}

	@Test
	void refusesAnInlineLineLongerThanTheLimitEvenWithoutItsNewline() {
		RespRequestParser parser = new RespRequestParser(RespLimits.defaults().withMaxInlineLength(16));
		assertThat(parser.parse(ascii("get 0123456789a\r\n"))).isEqualTo(RespRequestParser.COMMAND);
		assertThat(parser.parse(ascii("get 0123456789"))).isEqualTo(RespRequestParser.NEED_MORE_INPUT);
		assertThat(parser.parse(ascii("abc"))).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		assertThat(parser.errorMessage()).isEqualTo("Protocol error: too big inline request");
	}

	@Test
	void refusesAnInlineRequestOverTheDefault64KiB() {
		RespRequestParser parser = new RespRequestParser();
		ByteBuffer in = ByteBuffer.wrap(new byte[64 * 1024 + 1]);
		Arrays.fill(in.array(), (byte) 'a');
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		assertThat(parser.errorMessage()).isEqualTo("Protocol error: too big inline request");
	}

	@Test
	void refusesHeaderLinesLongerThanTheInlineLimit() {
		RespRequestParser counts = new RespRequestParser(RespLimits.defaults().withMaxInlineLength(8));
		assertThat(counts.parse(ascii("*00000000000"))).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		assertThat(counts.errorMessage()).isEqualTo("Protocol error: too big mbulk count string");
		RespRequestParser bulks = new RespRequestParser(RespLimits.defaults().withMaxInlineLength(8));
		assertThat(bulks.parse(ascii("*1\r\n$00000000000"))).isEqualTo(RespRequestParser.PROTOCOL_ERROR);
		assertThat(bulks.errorMessage()).isEqualTo("Protocol error: too big bulk count string");
	}

	@Test
	void reservesMemoryForABulkOnlyAsItsBytesArrive() {
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(ascii("*2\r\n$3\r\nSET\r\n$2000000\r\nabc")))
			.isEqualTo(RespRequestParser.NEED_MORE_INPUT);
		assertThat(parser.argumentCapacity()).isLessThan(1024);
	}

	@Test
	void acceptsABulkAtTheDefaultLimit() {
		int length = RespLimits.DEFAULT_MAX_BULK_LENGTH - 3;
		ByteBuffer in = ByteBuffer.allocate(length + 64);
		in.put(bytes("*2\r\n$3\r\nSET\r\n$" + length + "\r\n")).put(new byte[length]).put(bytes("\r\n")).flip();
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.COMMAND);
		assertThat(parser.command().argLength(1)).isEqualTo(length);
	}

	@Test
	void skipsTheByteAfterAHeaderCarriageReturnUncheckedAsRedisDoes() {
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(ascii("*1\rX$4\rYPINGZZ"))).isEqualTo(RespRequestParser.COMMAND);
		assertThat(args(parser.command())).containsExactly("PING");
	}

	private static int drain(RespRequestParser parser, ByteBuffer in, List<List<String>> commands) {
		int result;
		while ((result = parser.parse(in)) == RespRequestParser.COMMAND) {
			commands.add(args(parser.command()));
		}
		if (result == RespRequestParser.NEED_MORE_INPUT) {
			assertThat(in.hasRemaining()).isFalse();
		}
		return result;
	}

	static List<String> args(RespCommand command) {
		List<String> args = new ArrayList<>();
		for (int i = 0; i < command.argCount(); i++) {
			args.add(new String(command.argBytes(i), StandardCharsets.ISO_8859_1));
		}
		return args;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static ByteBuffer ascii(String text) {
		return ByteBuffer.wrap(bytes(text));
	}

}
