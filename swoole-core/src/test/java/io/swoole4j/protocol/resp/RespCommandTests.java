package io.swoole4j.protocol.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIndexOutOfBoundsException;

class RespCommandTests {

	@Test
	void matchesTheCommandNameIgnoringAsciiCase() {
		RespCommand command = parse("*2\r\n$3\r\nsEt\r\n$1\r\nk\r\n");
		assertThat(command.is("SET")).isTrue();
		assertThat(command.is("set")).isTrue();
		assertThat(command.is("SETX")).isFalse();
		assertThat(command.is("GET")).isFalse();
		assertThat(command.is("SE")).isFalse();
	}

	@Test
	void doesNotFoldCaseOutsideAscii() {
		RespCommand command = parse("*1\r\n$2\r\n\u00e9x\r\n");
		assertThat(command.is("\u00c9X")).isFalse();
	}

	@Test
	void matchesKeywordArgumentsIgnoringCase() {
		RespCommand command = parse("set k v ex 10\r\n");
		assertThat(command.argIs(3, "EX")).isTrue();
		assertThat(command.argIs(3, "PX")).isFalse();
	}

	@Test
	void exposesArgumentsAsByteRanges() {
		RespCommand command = parse("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
		assertThat(command.argCount()).isEqualTo(3);
		assertThat(command.argLength(2)).isEqualTo(5);
		assertThat(new String(command.array(), command.argOffset(2), command.argLength(2), StandardCharsets.US_ASCII))
			.isEqualTo("value");
		assertThat(command.argBytes(1)).isEqualTo("key".getBytes(StandardCharsets.US_ASCII));
		assertThat(command.argEquals(1, "key".getBytes(StandardCharsets.US_ASCII))).isTrue();
		assertThat(command.argEquals(1, "kex".getBytes(StandardCharsets.US_ASCII))).isFalse();
		assertThat(command).hasToString("[\"SET\", \"key\", \"value\"]");
	}

	@Test
	void decodesArgumentsAsUtf8() {
		byte[] name = "\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8);
		ByteBuffer in = ByteBuffer.allocate(64);
		in.put(("*2\r\n$3\r\nGET\r\n$" + name.length + "\r\n").getBytes(StandardCharsets.US_ASCII))
			.put(name)
			.put("\r\n".getBytes(StandardCharsets.US_ASCII))
			.flip();
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.COMMAND);
		assertThat(parser.command().argAsString(1)).isEqualTo("\u00e9t\u00e9");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "1", "-1", "42", "-42", "9223372036854775807", "-9223372036854775808" })
	void readsCanonicalIntegers(String text) {
		RespCommand command = parse("incrby k " + text + "\r\n");
		assertThat(command.argIsLong(2)).isTrue();
		assertThat(command.argAsLong(2)).isEqualTo(Long.parseLong(text));
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"\"", "-", "-0", "01", "+1", "\" 1\"", "\"1 \"", "1.5", "abc", "9223372036854775808",
			"-9223372036854775809", "99999999999999999999", "0x10" })
	void refusesWhatRedisDoesNotTakeAsAnInteger(String text) {
		RespCommand command = parse("incrby k " + text + "\r\n");
		assertThat(command.argIsLong(2)).isFalse();
		assertThatExceptionOfType(RespArgumentException.class).isThrownBy(() -> command.argAsLong(2))
			.withMessage("value is not an integer or out of range")
			.isSameAs(RespArgumentException.NOT_AN_INTEGER);
	}

	@Test
	void refusesIndexesOutsideTheArguments() {
		RespCommand command = parse("get k\r\n");
		assertThatIndexOutOfBoundsException().isThrownBy(() -> command.argLength(2));
		assertThatIndexOutOfBoundsException().isThrownBy(() -> command.argAsString(-1));
	}

	@Test
	void reusesOneViewForEveryCommandOfAParser() {
		RespRequestParser parser = new RespRequestParser();
		ByteBuffer in = ByteBuffer.wrap("get a\r\nset b c\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.COMMAND);
		RespCommand first = parser.command();
		assertThat(first.argCount()).isEqualTo(2);
		assertThat(parser.parse(in)).isEqualTo(RespRequestParser.COMMAND);
		assertThat(parser.command()).isSameAs(first);
		assertThat(first.argCount()).isEqualTo(3);
		assertThat(first.argAsString(2)).isEqualTo("c");
	}

	private static RespCommand parse(String request) {
		RespRequestParser parser = new RespRequestParser();
		assertThat(parser.parse(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8))))
			.isEqualTo(RespRequestParser.COMMAND);
		return parser.command();
	}

}
