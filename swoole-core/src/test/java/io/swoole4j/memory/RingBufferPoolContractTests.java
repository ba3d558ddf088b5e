package io.swoole4j.memory;

import java.util.List;

class RingBufferPoolContractTests extends AbstractMemoryPoolContractTests {

	@Override
	protected MemoryPool newPool() {
		return RingBufferPool.anonymous(4000);
	}

	@Override
	protected long maxRequest() {
		return 200;
	}

	@Override
	protected long expectedUsedBytes(List<Long> liveSizes, List<Long> allSizes) {
		return liveSizes.stream().mapToLong(AbstractMemoryPoolContractTests::blockBytes).sum();
	}

}
