package io.swoole4j.server.task;

import io.swoole4j.server.Mode;

class BaseModeTaskTests extends AbstractTaskContractTests {

	@Override
	protected Mode mode() {
		return Mode.BASE;
	}

}
