package io.swoole4j.process;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.swoole4j.internal.Native;
import io.swoole4j.testing.ChildJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalsTests {

	static final Duration CHILD_TIMEOUT = Duration.ofSeconds(30);

	@Test
	void usr1SentByAnotherJvmReachesTheRegisteredHandler() throws Exception {
		CountDownLatch received = new CountDownLatch(1);
		try (SignalRegistration registration = Signals.handle(Signal.USR1, (signal) -> received.countDown())) {
			assertThat(registration.signal()).isEqualTo(Signal.USR1);
			assertThat(Signals.isHandled(Signal.USR1)).isTrue();
			try (ChildJvm sender = ChildJvm.start(SignalSender.class, Long.toString(Native.pid()), "USR1")) {
				assertThat(sender.readLine(CHILD_TIMEOUT)).isEqualTo("sent true");
				assertThat(sender.waitFor(CHILD_TIMEOUT)).isZero();
			}
			assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(Signals.isHandled(Signal.USR1)).isFalse();
	}

	@Test
	void everyRegisteredHandlerRunsNewestFirstAndAFailingOneDoesNotStopTheOthers() throws Exception {
		List<String> calls = new CopyOnWriteArrayList<>();
		long failuresBefore = Signals.handlerFailures();
		List<SignalRegistration> registrations = List.of(Signals.handle(Signal.USR2, (signal) -> calls.add("first")),
				Signals.handle(Signal.USR2, (signal) -> {
					throw new IllegalStateException("handler failure expected by the test");
				}), Signals.handle(Signal.USR2, (signal) -> calls.add("last " + signal)));
		try {
			assertThat(Signals.kill(Native.pid(), Signal.USR2)).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
			assertThat(calls).containsExactly("last USR2", "first");
			assertThat(Signals.handlerFailures()).isEqualTo(failuresBefore + 1);
		}
		finally {
			registrations.forEach(SignalRegistration::close);
		}
		assertThat(Signals.isHandled(Signal.USR2)).isFalse();
	}

	@Test
	void closingTheLastRegistrationRestoresThePreviousHandler() throws Exception {
		CountDownLatch previousGotIt = new CountDownLatch(1);
		List<String> ours = new CopyOnWriteArrayList<>();
		sun.misc.Signal usr2 = new sun.misc.Signal("USR2");
		sun.misc.SignalHandler original = sun.misc.Signal.handle(usr2, (signal) -> previousGotIt.countDown());
		try {
			SignalRegistration registration = Signals.handle(Signal.USR2, (signal) -> ours.add("ours"));
			registration.close();
			registration.close();
			assertThat(Signals.isHandled(Signal.USR2)).isFalse();
			assertThat(Signals.kill(Native.pid(), Signal.USR2)).isTrue();
			assertThat(previousGotIt.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(ours).isEmpty();
		}
		finally {
			sun.misc.Signal.handle(usr2, original);
		}
	}

	@Test
	void termHandlerRunsAndTheJvmStillRunsItsShutdownHooksAndExits() throws Exception {
		try (ChildJvm child = ChildJvm.start(TermHandlingChild.class)) {
			child.expectLine("ready", CHILD_TIMEOUT);
			assertThat(Signals.kill(child.pid(), Signal.TERM)).isTrue();
			assertThat(child.readLine(CHILD_TIMEOUT)).isEqualTo("handler TERM");
			assertThat(child.readLine(CHILD_TIMEOUT)).isEqualTo("hook ran");
			assertThat(child.waitFor(CHILD_TIMEOUT)).isEqualTo(128 + 15);
		}
	}

	@Test
	void killOfAProcessThatDoesNotExistReturnsFalse() throws Exception {
		long pid;
		try (ChildJvm child = ChildJvm.start(TermHandlingChild.class)) {
			child.expectLine("ready", CHILD_TIMEOUT);
			child.killHard();
			pid = child.pid();
		}
		assertThat(Signals.kill(pid, 0)).isFalse();
		assertThat(Signals.kill(Native.pid(), 0)).isTrue();
	}

	@Test
	void killCannotBeHandledAndArgumentsAreChecked() {
		assertThatIllegalArgumentException().isThrownBy(() -> Signals.handle(Signal.KILL, (signal) -> {
		})).withMessage("signal: KILL (expected: one of HUP, INT, TERM, USR1, USR2)");
		assertThatIllegalArgumentException().isThrownBy(() -> Signals.kill(0, Signal.TERM))
			.withMessageStartingWith("pid: 0 (expected: in [1, ");
		assertThatIllegalArgumentException().isThrownBy(() -> Signals.kill(1, 65))
			.withMessage("signal: 65 (expected: in [0, 64])");
	}

}
