package io.swoole4j.sync;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Collects what one logger writes while a test runs.
 */
final class LogCapture implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private LogCapture(Class<?> source) {
		this.logger = (Logger) LoggerFactory.getLogger(source);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	static LogCapture of(Class<?> source) {
		return new LogCapture(source);
	}

	List<String> warnings() {
		return this.appender.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
	}

}
