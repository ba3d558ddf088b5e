package io.swoole4j.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link SwoolePortInUseException}: the swoole4j server could not bind its
 * port.
 */
class SwoolePortInUseFailureAnalyzer extends AbstractFailureAnalyzer<SwoolePortInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SwoolePortInUseException cause) {
		return new FailureAnalysis(
				"The swoole4j server could not start: port " + cause.getPort() + " on " + cause.getHost()
						+ " is already in use.",
				"Identify and stop the process that is listening on port " + cause.getPort()
						+ ", or set 'swoole.server.port' to another port (0 picks a free one, published as"
						+ " 'local.swoole.port').",
				cause);
	}

}
