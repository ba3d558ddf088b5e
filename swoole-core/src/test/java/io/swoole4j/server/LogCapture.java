package io.swoole4j.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/** Collects the log events of one class's logger while open. */
final class LogCapture implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	LogCapture(Class<?> type) {
		this.logger = (Logger) LoggerFactory.getLogger(type);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/** Whether a message so far contains {@code text}. */
	boolean contains(String text) {
		return this.appender.list.stream().anyMatch((e) -> e.getFormattedMessage().contains(text));
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
	}

}
