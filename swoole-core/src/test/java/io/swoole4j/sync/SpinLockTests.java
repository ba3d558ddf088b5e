package io.swoole4j.sync;

class SpinLockTests extends AbstractLockContractTests {

	@Override
	String kind() {
		return "SpinLock";
	}

	@Override
	Lock newLock() {
		return SpinLock.create();
	}

}
