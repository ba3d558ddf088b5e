package io.swoole4j.server;

class BaseModeListenerTests extends AbstractListenerTests {

	@Override
	protected Mode mode() {
		return Mode.BASE;
	}

}
