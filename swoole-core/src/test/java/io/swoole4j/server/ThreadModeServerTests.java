package io.swoole4j.server;

class ThreadModeServerTests extends AbstractServerContractTests {

	@Override
	protected Mode mode() {
		return Mode.THREAD;
	}

}
