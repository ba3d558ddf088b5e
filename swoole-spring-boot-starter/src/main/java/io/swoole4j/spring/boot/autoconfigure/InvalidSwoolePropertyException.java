package io.swoole4j.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when swoole4j's core refuses a setting that came from a
 * {@code swoole.*} configuration property; names the property, so that
 * {@link InvalidSwoolePropertyFailureAnalyzer} can tell the user what to change.
 */
public class InvalidSwoolePropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final @Nullable Object value;

	private final String reason;

	/**
	 * Creates an exception for one property.
	 * @param property the full property name, for example
	 * {@code swoole.server.worker-num}
	 * @param value the value that was refused
	 * @param reason why, in core's words (for example
	 * {@code workerNum: 0 (expected: in [1, 2000])})
	 * @param cause the core's exception
	 */
	public InvalidSwoolePropertyException(String property, @Nullable Object value, String reason,
			@Nullable Throwable cause) {
		super("Invalid value '" + value + "' for configuration property '" + property + "': " + reason, cause);
		this.property = property;
		this.value = value;
		this.reason = reason;
	}

	/**
	 * Returns the full name of the property.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Returns the refused value.
	 * @return the value, or null if none was set
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * Returns the reason given by the core.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
