package io.swoole4j.memory;

import java.util.List;

class FixedPoolContractTests extends AbstractMemoryPoolContractTests {

	@Override
	protected MemoryPool newPool() {
		return FixedPool.anonymous(64, 40);
	}

	@Override
	protected long maxRequest() {
		return 64;
	}

	@Override
	protected long expectedUsedBytes(List<Long> liveSizes, List<Long> allSizes) {
		return liveSizes.size() * 64L;
	}

}
