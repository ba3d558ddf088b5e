package io.swoole4j.process;

/**
 * The OS signals swoole4j handles or sends, with their Linux numbers (the same on x86_64
 * and aarch64).
 */
public enum Signal {

	/**
	 * Hang-up: Swoole ignores it in the master; the JVM treats it as a shutdown request.
	 */
	HUP(1, true),

	/** Interrupt (Ctrl-C): the JVM runs its shutdown hooks and exits. */
	INT(2, true),

	/** Kill: cannot be handled; only {@link Signals#kill sent}. */
	KILL(9, false),

	/** User signal 1: Swoole's "reload all workers". */
	USR1(10, false),

	/** User signal 2: Swoole's "reload task workers". */
	USR2(12, false),

	/**
	 * Terminate: Swoole's graceful shutdown; the JVM runs its shutdown hooks and exits.
	 */
	TERM(15, true);

	private final int number;

	private final boolean terminates;

	Signal(int number, boolean terminates) {
		this.number = number;
		this.terminates = terminates;
	}

	/**
	 * Returns the signal's number.
	 * @return the number, as for kill(2)
	 */
	public int number() {
		return this.number;
	}

	/**
	 * Tells whether the JVM ends when this signal arrives and nobody handles it (and so
	 * whether a handler of ours must still let it end).
	 * @return true for HUP, INT and TERM
	 */
	public boolean terminatesJvm() {
		return this.terminates;
	}

}
