package io.swoole4j.server;

class BaseModeServerTests extends AbstractServerContractTests {

	@Override
	protected Mode mode() {
		return Mode.BASE;
	}

}
