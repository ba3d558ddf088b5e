package io.swoole4j.server;

class BaseModeWorkerLifecycleTests extends AbstractWorkerLifecycleContractTests {

	@Override
	protected Mode mode() {
		return Mode.BASE;
	}

}
