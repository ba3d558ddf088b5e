package io.swoole4j.memory;

import java.io.UncheckedIOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.testing.ChildJvm;
import io.swoole4j.testing.UniqueNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class SharedMemoryTests {

	@Test
	void anonymousRegionStartsZeroedAndPageAligned() {
		try (SharedMemory memory = SharedMemory.anonymous(10_000)) {
			assertThat(memory.size()).isEqualTo(10_000);
			assertThat(memory.isNamed()).isFalse();
			assertThat(memory.segment().address() % 4096).isZero();
			for (long i = 0; i < memory.size(); i++) {
				assertThat(memory.segment().get(ValueLayout.JAVA_BYTE, i)).isZero();
			}
		}
	}

	@Test
	void namedRegionIsOwnerOnlyAndOpenedBySize() {
		String name = UniqueNames.next("shm");
		try (SharedMemory created = SharedMemory.create(name, 8192)) {
			try {
				assertThat(PosixFilePermissions
					.toString(Files.getPosixFilePermissions(SharedMemory.SHM_DIR.resolve(name))))
					.isEqualTo("rw-------");
				created.segment().set(ValueLayout.JAVA_LONG, 64, 42L);
				try (SharedMemory opened = SharedMemory.open(name)) {
					assertThat(opened.size()).isEqualTo(8192);
					assertThat(opened.segment().get(ValueLayout.JAVA_LONG, 64)).isEqualTo(42L);
				}
			}
			catch (java.io.IOException ex) {
				throw new UncheckedIOException(ex);
			}
			finally {
				created.unlink();
			}
			assertThat(SharedMemory.exists(name)).isFalse();
		}
	}

	@Test
	void staleRegionOfSameNameIsReplacedZeroed() {
		String name = UniqueNames.next("stale");
		try (SharedMemory first = SharedMemory.create(name, 4096)) {
			first.segment().set(ValueLayout.JAVA_INT, 0, 7);
		}
		try (SharedMemory second = SharedMemory.create(name, 16384)) {
			assertThat(second.size()).isEqualTo(16384);
			assertThat(second.segment().get(ValueLayout.JAVA_INT, 0)).isZero();
			second.unlink();
		}
	}

	@Test
	void openingMissingRegionFailsClearly() {
		assertThatThrownBy(() -> SharedMemory.open(UniqueNames.next("missing")))
			.isInstanceOf(UncheckedIOException.class)
			.hasMessageContaining("Cannot open shared memory region");
	}

	@Test
	void badNameOrSizeIsRefusedWithExpectedRule() {
		assertThatIllegalArgumentException().isThrownBy(() -> SharedMemory.create("a/b", 10))
			.withMessageContaining("name: \"a/b\" (expected:");
		assertThatIllegalArgumentException().isThrownBy(() -> SharedMemory.anonymous(0))
			.withMessage("size: 0 (expected: > 0)");
	}

	@Test
	void closeIsIdempotentAndUseAfterCloseFails() {
		SharedMemory memory = SharedMemory.anonymous(64);
		memory.close();
		memory.close();
		assertThat(memory.isOpen()).isFalse();
		assertThatThrownBy(() -> memory.segment().get(ValueLayout.JAVA_INT, 0))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void twoJvmsSeeEachOthersWrites() throws Exception {
		String name = UniqueNames.next("xjvm");
		try (SharedMemory memory = SharedMemory.create(name, 4096);
				ChildJvm child = ChildJvm.start(SharedMemoryChild.class, name)) {
			try {
				memory.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 0, 0x1234_5678_9ABCL);
				child.writeLine("go");
				assertThat(child.readLine(Duration.ofSeconds(30))).isEqualTo("saw 20015998343868");
				assertThat(child.waitFor(Duration.ofSeconds(30))).isZero();
				assertThat(memory.segment().get(ValueLayout.JAVA_LONG, 8)).isEqualTo(99L);
			}
			finally {
				memory.unlink();
			}
		}
	}

	/** Runs in the child JVM: reads the parent's value, writes one back. */
	static final class SharedMemoryChild {

		public static void main(String[] args) throws Exception {
			try (SharedMemory memory = SharedMemory.open(args[0])) {
				new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
				long value = memory.segment().get(ValueLayout.JAVA_LONG, 0);
				memory.segment().set(ValueLayout.JAVA_LONG, 8, 99L);
				System.out.println("saw " + value);
			}
		}

	}

}
