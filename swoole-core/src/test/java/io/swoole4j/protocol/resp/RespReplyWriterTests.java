package io.swoole4j.protocol.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RespReplyWriterTests {

	private final RespReplyWriter writer = new RespReplyWriter(4);

	@Test
	void writesSimpleStrings() {
		this.writer.ok().simpleString("PONG");
		assertWritten("+OK\r\n+PONG\r\n");
	}

	@Test
	void writesErrorsWithTheErrPrefixUnlessTheyCarryTheirOwn() {
		this.writer.error("Protocol error: invalid bulk length")
			.error("-WRONGTYPE Operation against a key holding the wrong kind of value")
			.error("");
		assertWritten("-ERR Protocol error: invalid bulk length\r\n"
				+ "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n" + "-ERR \r\n");
	}

	@Test
	void replacesLineBreaksInStatusAndErrorTexts() {
		this.writer.simpleString("a\r\nb").error("c\nd");
		assertWritten("+a  b\r\n-ERR c d\r\n");
	}

	@Test
	void writesIntegersIncludingTheExtremes() {
		this.writer.integer(0).integer(7).integer(-12).integer(Long.MAX_VALUE).integer(Long.MIN_VALUE);
		assertWritten(":0\r\n:7\r\n:-12\r\n:9223372036854775807\r\n:-9223372036854775808\r\n");
	}

	@Test
	void writesBulkStringsAndTheNullBulk() {
		byte[] bytes = "xhello\r\nx".getBytes(StandardCharsets.US_ASCII);
		this.writer.bulk(bytes, 1, 7).bulk(new byte[0]).nullBulk();
		assertWritten("$7\r\nhello\r\n\r\n$0\r\n\r\n$-1\r\n");
	}

	@Test
	void writesTextBulksWithTheirUtf8Length() {
		this.writer.bulk("\u00e9\u20ac\ud83d\ude00a\ud800");
		byte[] expected = ("$11\r\n" + "\u00e9\u20ac\ud83d\ude00a?" + "\r\n").getBytes(StandardCharsets.UTF_8);
		assertThat(this.writer.toByteArray()).isEqualTo(expected);
	}

	@Test
	void writesArraysAndTheNullArray() {
		this.writer.arrayHeader(2).bulk("a").integer(1).arrayHeader(0).nullArray();
		assertWritten("*2\r\n$1\r\na\r\n:1\r\n*0\r\n*-1\r\n");
	}

	@Test
	void refusesANegativeArrayCount() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.writer.arrayHeader(-1))
			.withMessage("count: -1 (expected: >= 0)");
	}

	@Test
	void echoesACommandArgumentAsABulk() {
		RespRequestParser parser = new RespRequestParser();
		parser.parse(ByteBuffer.wrap("echo hi\r\n".getBytes(StandardCharsets.US_ASCII)));
		this.writer.bulk(parser.command(), 1);
		assertWritten("$2\r\nhi\r\n");
	}

	@Test
	void exposesTheRepliesAsAReusedBufferUntilItGrows() {
		RespReplyWriter roomy = new RespReplyWriter(64);
		roomy.ok();
		ByteBuffer first = roomy.buffer();
		assertThat(first.remaining()).isEqualTo(5);
		roomy.clear().integer(1);
		ByteBuffer second = roomy.buffer();
		assertThat(second).isSameAs(first);
		assertThat(second.remaining()).isEqualTo(4);
		roomy.bulk(new byte[100]);
		assertThat(roomy.buffer()).isNotSameAs(first);
		assertThat(roomy.buffer().remaining()).isEqualTo(4 + 6 + 100 + 2);
	}

	private void assertWritten(String expected) {
		assertThat(new String(this.writer.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected);
		assertThat(this.writer.size()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8).length);
	}

}
