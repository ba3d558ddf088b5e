package io.swoole4j.server;

class BaseModeServerServicesTests extends AbstractServerServicesTests {

	@Override
	protected Mode mode() {
		return Mode.BASE;
	}

	@Override
	protected boolean queuesToWorkers() {
		return false;
	}

}
