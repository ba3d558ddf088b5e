package io.swoole4j.memory;

import java.lang.foreign.ValueLayout;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GlobalMemoryTests {

	@Test
	void blockThatDoesNotFitTheCurrentPageStartsTheNextPage() {
		try (GlobalMemory memory = GlobalMemory.anonymous(4096, 3)) {
			long first = memory.allocate(3000);
			long second = memory.allocate(3000);
			long firstPage = GlobalMemoryDescriptor.DATA_OFFSET;
			assertThat(first - 8).isEqualTo(firstPage);
			assertThat(second - 8).isEqualTo(firstPage + 4096);
			assertThat(memory.allocate(1000)).isEqualTo(second + 3000 + 8);
			assertThat(memory.metric().usedBytes()).isEqualTo(4096 + 3008 + 1008);
		}
	}

	@Test
	void requestLargerThanAPageFailsClearly() {
		try (GlobalMemory memory = GlobalMemory.anonymous(4096, 8)) {
			assertThatIllegalArgumentException().isThrownBy(() -> memory.allocate(4096))
				.withMessage("size: 4096 (expected: in [1, 4088])");
		}
	}

	@Test
	void freedMemoryIsNotReusedUntilReset() {
		try (GlobalMemory memory = GlobalMemory.anonymous(4096, 1)) {
			long handle = memory.allocate(64);
			memory.segment().set(ValueLayout.JAVA_LONG, handle, -1L);
			memory.free(handle);
			assertThat(memory.allocate(64)).isNotEqualTo(handle);
			assertThat(memory.metric().usedBytes()).isEqualTo(2 * 72);
			memory.reset();
			assertThat(memory.metric().usedBytes()).isZero();
			long again = memory.allocate(64);
			assertThat(again).isEqualTo(handle);
			assertThat(memory.segment().get(ValueLayout.JAVA_LONG, again)).as("zeroed").isZero();
		}
	}

	@Test
	void badPageSizeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> GlobalMemory.anonymous(5000, 1))
			.withMessage("pageSize: 5000 (expected: a power of 2)");
		assertThatIllegalArgumentException().isThrownBy(() -> GlobalMemory.anonymous(2048, 1))
			.withMessage("pageSize: 2048 (expected: in [4096, 1073741824])");
	}

	@Test
	void closeReleasesTheRegionItCreated() {
		GlobalMemory memory = GlobalMemory.anonymous(4096, 1);
		memory.close();
		assertThat(memory.region().isOpen()).isFalse();
	}

	@Test
	@Timeout(60)
	void blocksAllocatedInOneJvmAreReadAndFreedInAnother() throws Exception {
		String name = UniqueNames.next("global-xjvm");
		try (SharedMemory region = SharedMemory.create(name, GlobalMemoryDescriptor.requiredSize(4096, 2))) {
			try {
				GlobalMemory memory = GlobalMemory.create(region, 4096);
				long handle = memory.allocate(16);
				memory.segment().set(ValueLayout.JAVA_LONG, handle, 4242L);
				try (ChildJvm child = ChildJvm.start(GlobalMemoryChild.class, name, String.valueOf(handle))) {
					assertThat(child.readLine(Duration.ofSeconds(30))).startsWith("read 4242 allocated ");
					assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
				}
				assertThat(memory.metric().frees()).isEqualTo(1);
				assertThat(memory.metric().allocations()).isEqualTo(2);
			}
			finally {
				region.unlink();
			}
		}
	}

	/** Runs in the child JVM: reads and frees the parent's block, allocates one more. */
	static final class GlobalMemoryChild {

		public static void main(String[] args) {
			try (SharedMemory region = SharedMemory.open(args[0])) {
				GlobalMemory memory = GlobalMemory.attach(region);
				long handle = Long.parseLong(args[1]);
				long value = memory.segment().get(ValueLayout.JAVA_LONG, handle);
				memory.free(handle);
				System.out.println("read " + value + " allocated " + memory.allocate(100));
			}
		}

	}

}
