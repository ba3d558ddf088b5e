package io.swoole4j.server.task;

import io.swoole4j.server.Mode;

class ThreadModeTaskTests extends AbstractTaskContractTests {

	@Override
	protected Mode mode() {
		return Mode.THREAD;
	}

}
