package io.swoole4j.server;

class ThreadModeServerServicesTests extends AbstractServerServicesTests {

	@Override
	protected Mode mode() {
		return Mode.THREAD;
	}

	@Override
	protected boolean queuesToWorkers() {
		return true;
	}

}
