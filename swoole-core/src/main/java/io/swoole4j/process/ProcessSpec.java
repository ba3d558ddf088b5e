package io.swoole4j.process;

import java.lang.ProcessBuilder.Redirect;
import java.time.Duration;
import java.util.List;

import io.swoole4j.internal.Checks;
import io.swoole4j.ipc.MessageQueue;

/**
 * The validated, immutable settings of a child process, made by {@link Process.Builder}.
 */
record ProcessSpec(String entryClass, String name, int id, List<String> args, List<String> jvmOptions,
		boolean inheritJvmOptions, boolean pipe, int maxMessageLength, MessageQueue queue, Duration connectTimeout,
		Duration maxWaitTime, Redirect output, Redirect error) {

	ProcessSpec {
		args = List.copyOf(args);
		jvmOptions = List.copyOf(jvmOptions);
	}

	static Duration positive(Duration value, String name) {
		Checks.checkNotNull(value, name);
		if (value.isNegative() || value.isZero()) {
			throw Checks.fail(name, value, "> 0");
		}
		return value;
	}

	ProcessSpec forWorker(int workerId, String workerName) {
		return new ProcessSpec(this.entryClass, workerName, workerId, this.args, this.jvmOptions,
				this.inheritJvmOptions, this.pipe, this.maxMessageLength, this.queue, this.connectTimeout,
				this.maxWaitTime, this.output, this.error);
	}

}
