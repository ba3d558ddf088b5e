package io.swoole4j.protocol.resp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RespLimitsTests {

	@Test
	void defaultsToRedisInlineLimitAndSwoolePackageMaxLength() {
		RespLimits limits = RespLimits.defaults();
		assertThat(limits.maxMultibulkLength()).isEqualTo(1024 * 1024);
		assertThat(limits.maxBulkLength()).isEqualTo(2 * 1024 * 1024);
		assertThat(limits.maxInlineLength()).isEqualTo(64 * 1024);
		assertThat(limits.packageMaxLength()).isEqualTo(2 * 1024 * 1024);
	}

	@Test
	void refusesABulkLimitAboveThePackageMaxLength() {
		assertThatIllegalArgumentException().isThrownBy(() -> RespLimits.defaults().withMaxBulkLength(3 * 1024 * 1024))
			.withMessage("maxBulkLength: 3145728 (expected: <= packageMaxLength (2097152))");
	}

	@Test
	void refusesLimitsThatAreNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> RespLimits.defaults().withMaxInlineLength(0))
			.withMessage("maxInlineLength: 0 (expected: > 0)");
	}

	@Test
	void lowersTheBulkLimitWithThePackageMaxLength() {
		assertThat(RespLimits.defaults().withPackageMaxLength(1024).maxBulkLength()).isEqualTo(1024);
	}

}
