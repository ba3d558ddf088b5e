package io.swoole4j.server;

class ThreadModeListenerTests extends AbstractListenerTests {

	@Override
	protected Mode mode() {
		return Mode.THREAD;
	}

}
