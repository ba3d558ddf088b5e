package io.swoole4j.process;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.internal.Native;
import io.swoole4j.ipc.MessageQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A child JVM started through {@link Process}: pipe, queue, signals, exit status.
 */
class ProcessTests {

	private static final Duration UP = Duration.ofSeconds(60);

	private static Process.Builder child(Class<?> entry) {
		return Process.builder(entry).jvmOptions(Process.FAST_START_OPTIONS).maxWaitTime(Duration.ofSeconds(5));
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	@Timeout(120)
	void echoesMessagesOfEverySizeBothWaysAndReportsTheExitCode() throws Exception {
		try (Process process = child(EchoEntry.class).name("echo-child").id(3).args("a", "b").start()) {
			assertThat(process.pid()).isPositive();
			assertThatIllegalStateException().isThrownBy(() -> process.start());
			assertThat(text(process.read(UP))).isEqualTo("echo-child|echo-child|" + Native.pid() + "|3|a,b|echo-child");
			byte[] big = new byte[5 << 20];
			new Random(42).nextBytes(big);
			for (byte[] message : List.of(new byte[0], bytes("hi"), big, new byte[0])) {
				process.write(message);
				assertThat(process.read(UP)).isEqualTo(message);
			}
			assertThat(process.read(Duration.ofMillis(50))).isNull();
			process.write(bytes("exit:7"));
			ExitStatus status = process.waitFor(UP);
			assertThat(status).isEqualTo(new ExitStatus(process.pid(), 7, 0));
			assertThat(status.isSuccess()).isFalse();
			assertThat(process.isAlive()).isFalse();
			assertThatThrownBy(process::read).isInstanceOf(EOFException.class);
		}
	}

	@Test
	@Timeout(120)
	void runsAMainClassWithItsArgumentsAndReportsSigkillAsASignal() throws Exception {
		try (Process process = child(MainClassEntry.class).args("x", "y").start()) {
			assertThat(text(process.read(UP))).isEqualTo("main:x,y");
			assertThat(Process.kill(process.pid(), 0)).isTrue();
			assertThat(Process.kill(process.pid(), Signal.KILL)).isTrue();
			ExitStatus status = process.waitFor(UP);
			assertThat(status.signal()).isEqualTo(9);
			assertThat(status.code()).isZero();
			assertThat(status.exitValue()).isEqualTo(137);
			assertThat(Process.kill(process.pid(), 0)).isFalse();
		}
	}

	@Test
	@Timeout(120)
	void signalHandlerInTheChildReceivesSigusr1TheReplyWakesASelectorAndSigtermIsReportedAsASignal() throws Exception {
		try (Process process = child(SignalEntry.class).start()) {
			assertThat(text(process.read(UP))).isEqualTo("ready");
			try (Selector selector = Selector.open()) {
				process.channel().register(selector, SelectionKey.OP_READ);
				assertThat(process.kill(Signal.USR1)).isTrue();
				assertThat(selector.select(UP.toMillis())).isOne();
			}
			assertThat(text(process.read(UP))).isEqualTo("got USR1");
			assertThat(process.kill(Signal.USR1)).isTrue();
			assertThat(text(process.read(UP))).isEqualTo("got USR1");
			assertThat(process.kill(Signal.TERM)).isTrue();
			ExitStatus status = process.waitFor(UP);
			assertThat(status.signal()).isEqualTo(15);
			assertThat(status.signalled()).isTrue();
			assertThat(process.kill(Signal.USR1)).isFalse();
		}
	}

	@Test
	@Timeout(120)
	void sharesAMessageQueueWithTypedMessages() throws Exception {
		try (MessageQueue queue = MessageQueue.createPrivate();
				Process process = child(QueueEntry.class).useQueue(queue).pipe(false).start()) {
			assertThat(process.queue()).isSameAs(queue);
			queue.push(3, bytes("not for the child"));
			process.push(QueueEntry.TO_CHILD, bytes("one"));
			process.push(QueueEntry.TO_CHILD, bytes("two"));
			assertThat(text(process.pop(QueueEntry.TO_PARENT))).isEqualTo("ONE");
			assertThat(text(process.pop(QueueEntry.TO_PARENT))).isEqualTo("TWO");
			process.push(QueueEntry.TO_CHILD, bytes("stop"));
			assertThat(process.waitFor(UP).isSuccess()).isTrue();
			assertThat(text(queue.tryPop(3))).isEqualTo("not for the child");
			assertThat(queue.tryPop(0)).isNull();
			assertThatIllegalStateException().isThrownBy(process::pipe);
		}
	}

	@Test
	@Timeout(60)
	void entryThatCannotLoadEndsTheChildWithStatusOneBeforeItConnects() throws Exception {
		try (Process process = Process.builder("io.swoole4j.process.NoSuchEntry")
			.jvmOptions(Process.FAST_START_OPTIONS)
			.redirectError(java.lang.ProcessBuilder.Redirect.DISCARD)
			.start()) {
			// the pipe connects before the entry loads, then the child exits
			assertThatThrownBy(process::read).isInstanceOf(EOFException.class);
			assertThat(process.waitFor(UP)).isEqualTo(new ExitStatus(process.pid(), ProcessMain.ENTRY_FAILED, 0));
		}
	}

	@Test
	void rejectsAnEntryThatIsNeitherProcessEntryNorMainClass() {
		assertThatIllegalArgumentException().isThrownBy(() -> Process.builder(String.class))
			.withMessageContaining("entry: java.lang.String (expected: a ProcessEntry");
		assertThatIllegalArgumentException().isThrownBy(() -> Process.builder(EchoEntry.class).id(-1))
			.withMessage("id: -1 (expected: >= 0)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Process.builder(EchoEntry.class).connectTimeout(Duration.ZERO))
			.withMessage("connectTimeout: PT0S (expected: > 0)");
	}

	@Test
	@Timeout(30)
	void refusesUseBeforeStartAndASecondStart() throws Exception {
		Process process = child(EchoEntry.class).build();
		assertThat(process.pid()).isEqualTo(-1);
		assertThat(process.isAlive()).isFalse();
		assertThatIllegalStateException().isThrownBy(process::waitFor);
		assertThatIllegalStateException().isThrownBy(process::pipe);
		assertThat(process.kill(Signal.TERM)).isFalse();
		process.close();
	}

	/**
	 * Tells whether a process runs: exists and is not a zombie waiting for a reaper (a
	 * container's pid 1 may never reap the orphans it inherits).
	 */
	static boolean runs(long pid) {
		if (!Process.kill(pid, 0)) {
			return false;
		}
		try {
			String stat = Files.readAllLines(Path.of("/proc/" + pid + "/stat")).getFirst();
			return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Test
	@Timeout(120)
	void childExitsWithinSecondsWhenItsParentIsKilledWithSigkill() throws Exception {
		long grandchild = -1;
		try (io.swoole4j.testing.ChildJvm middle = io.swoole4j.testing.ChildJvm.start(MiddleParentMain.class)) {
			String line = middle.readLine(Duration.ofSeconds(90));
			assertThat(line).startsWith("grandchild ");
			grandchild = Long.parseLong(line.substring("grandchild ".length()));
			assertThat(Process.kill(grandchild, 0)).isTrue();
			middle.killHard();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (runs(grandchild) && System.nanoTime() - deadline < 0) {
				TimeUnit.MILLISECONDS.sleep(50);
			}
			assertThat(runs(grandchild)).as("grandchild %d still runs", grandchild).isFalse();
		}
		finally {
			if (grandchild > 0) {
				Process.kill(grandchild, Signal.KILL);
			}
		}
	}

}
