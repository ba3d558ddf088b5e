package io.swoole4j.memory;

import java.util.List;

/**
 * GlobalMemory never reuses a block: "free then allocate again" means free every block
 * and then {@link GlobalMemory#reset() reset}; used bytes are the bump position, page
 * ends skipped included.
 */
class GlobalMemoryContractTests extends AbstractMemoryPoolContractTests {

	private static final int PAGE = 4096;

	@Override
	protected MemoryPool newPool() {
		return GlobalMemory.anonymous(PAGE, 4);
	}

	@Override
	protected long maxRequest() {
		return 200;
	}

	@Override
	protected void releaseAll(List<Long> handles) {
		super.releaseAll(handles);
		((GlobalMemory) this.pool).reset();
	}

	@Override
	protected long expectedUsedBytes(List<Long> liveSizes, List<Long> allSizes) {
		long position = 0;
		for (long size : allSizes) {
			long need = blockBytes(size);
			if (position % PAGE + need > PAGE) {
				position = (position / PAGE + 1) * PAGE;
			}
			position += need;
		}
		return position;
	}

}
