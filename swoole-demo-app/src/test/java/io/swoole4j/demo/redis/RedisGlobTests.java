package io.swoole4j.demo.redis;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedisGlobTests {

	@ParameterizedTest(name = "{0} ~ {1}: {2}")
	@CsvSource(delimiter = '|',
			value = { "*|anything|true", "*|''|true", "user:*|user:42|true", "user:*|users|false", "h?llo|hello|true",
					"h?llo|hllo|false", "h*llo|heeeello|true", "h*llo|hellow|false", "h[ae]llo|hallo|true",
					"h[ae]llo|hillo|false", "h[^e]llo|hallo|true", "h[^e]llo|hello|false", "h[a-c]llo|hbllo|true",
					"h[c-a]llo|hbllo|true", "h[a-c]llo|hdllo|false", "h\\*llo|h*llo|true", "h\\*llo|hello|false",
					"a**b|ab|true", "a*b*c|axxbyyc|true", "a*b*c|axxbyy|false", "[abc|b|true", "k??|k1|false",
					"Key|key|false" })
	void matchesAsRedisDoes(String pattern, String text, boolean expected) {
		assertThat(RedisGlob.matches(pattern.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(expected);
	}

}
