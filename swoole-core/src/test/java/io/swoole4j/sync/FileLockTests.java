package io.swoole4j.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.swoole4j.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileLockTests extends AbstractLockContractTests {

	private final List<FileLock> opened = new ArrayList<>();

	@Override
	String kind() {
		return "FileLock";
	}

	@Override
	Lock newLock() {
		FileLock lock = FileLock.open(LockKinds.lockFile(this.region)
			.resolveSibling(this.region.name() + "-" + this.opened.size() + ".lock"));
		this.opened.add(lock);
		return lock;
	}

	@Override
	Lock sharedLock() {
		FileLock lock = (FileLock) super.sharedLock();
		this.opened.add(lock);
		return lock;
	}

	/** Every hand-over between JVMs polls the file lock, so fewer rounds. */
	@Override
	int crossJvmRounds() {
		return 2_000;
	}

	@Override
	boolean recoversDeadOwnerWithWarning() {
		return false;
	}

	@AfterEach
	void deleteLockFiles() throws IOException {
		for (FileLock lock : this.opened) {
			lock.close();
			Files.deleteIfExists(lock.path());
		}
	}

	@Test
	void readersOfThisAndAnotherJvmShareTheFileAndExcludeWriters() throws Exception {
		Lock lock = sharedLock();
		try (ChildJvm child = startChild()) {
			child.writeLine("read");
			child.expectLine("read-locked", CHILD_TIMEOUT);
			assertThat(lock.tryLockRead()).isTrue();
			assertThat(inOtherThread(() -> {
				boolean taken = lock.tryLockRead();
				lock.unlockRead();
				return taken;
			})).isTrue();
			assertThat(inOtherThread(() -> lock.lock(Duration.ofMillis(100)))).isFalse();
			lock.unlockRead();
			assertThat(lock.tryLock()).isFalse();
			child.writeLine("unread");
			child.expectLine("read-unlocked", CHILD_TIMEOUT);
			assertThat(lock.lock(Duration.ofSeconds(10))).isTrue();
			child.writeLine("tryread");
			child.expectLine("tryread false", CHILD_TIMEOUT);
			lock.unlock();
			child.writeLine("exit");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isZero();
		}
	}

	@Test
	void unlockReadByAThreadWithoutAReadHoldThrows() {
		Lock lock = newLock();
		assertThatExceptionOfType(IllegalMonitorStateException.class).isThrownBy(lock::unlockRead);
	}

	@Test
	void theLockFileIsCreatedOwnerOnly() throws IOException {
		FileLock lock = (FileLock) newLock();
		Path path = lock.path();
		assertThat(Files.getPosixFilePermissions(path)).hasSize(2)
			.allSatisfy((permission) -> assertThat(permission.name()).startsWith("OWNER"));
	}

}
