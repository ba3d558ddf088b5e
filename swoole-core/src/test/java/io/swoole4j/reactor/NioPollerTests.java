package io.swoole4j.reactor;

import java.io.IOException;

class NioPollerTests extends AbstractPollerContractTests {

	@Override
	protected Poller openPoller() throws IOException {
		return NioPoller.open();
	}

}
