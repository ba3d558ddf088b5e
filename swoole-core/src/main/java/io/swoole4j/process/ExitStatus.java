package io.swoole4j.process;

/**
 * How a child process ended (Swoole's {@code Process::wait} result and the arguments of
 * {@code onWorkerError}).
 * <p>
 * Java cannot read the raw wait status of a child: {@link java.lang.Process#exitValue()}
 * reports a process killed by signal {@code n} as {@code 128 + n}, and a JVM ending on
 * SIGTERM, SIGINT or SIGHUP through its shutdown hooks exits with the same value. So an
 * exit value from 129 to 192 is read as that signal, {@link #code()} 0, as Swoole reports
 * a signalled child; a program that calls {@code System.exit(130)} itself is
 * indistinguishable from one killed by SIGINT.
 *
 * @param pid the process id the child had
 * @param code the exit code, 0 if a signal ended it
 * @param signal the number of the signal that ended it, 0 if it exited by itself
 */
public record ExitStatus(long pid, int code, int signal) {

	private static final int SIGNAL_BASE = 128;

	private static final int MAX_SIGNAL = 64;

	/**
	 * Reads an exit value as the JVM reports it.
	 * @param pid the child's pid
	 * @param exitValue {@link java.lang.Process#exitValue()}
	 * @return the status
	 */
	public static ExitStatus of(long pid, int exitValue) {
		if (exitValue > SIGNAL_BASE && exitValue <= SIGNAL_BASE + MAX_SIGNAL) {
			return new ExitStatus(pid, 0, exitValue - SIGNAL_BASE);
		}
		return new ExitStatus(pid, exitValue, 0);
	}

	/**
	 * Returns the exit value as the JVM reported it.
	 * @return {@code 128 + signal} for a signalled child, otherwise the code
	 */
	public int exitValue() {
		return (this.signal != 0) ? SIGNAL_BASE + this.signal : this.code;
	}

	/**
	 * Tells whether a signal ended the child.
	 * @return true if {@link #signal()} is not 0
	 */
	public boolean signalled() {
		return this.signal != 0;
	}

	/**
	 * Tells whether the child ended normally: code 0 and no signal.
	 * @return true for a clean exit
	 */
	public boolean isSuccess() {
		return this.code == 0 && this.signal == 0;
	}

}
