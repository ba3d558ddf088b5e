package io.swoole4j.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Explains an {@link InvalidSwoolePropertyException}: which {@code swoole.*} property the
 * core refused, why, and where the value came from.
 */
class InvalidSwoolePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSwoolePropertyException> {

	private final @Nullable Environment environment;

	InvalidSwoolePropertyFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidSwoolePropertyException cause) {
		StringBuilder description = new StringBuilder();
		description.append("Invalid value '")
			.append(cause.getValue())
			.append("' for configuration property '")
			.append(cause.getProperty())
			.append("'");
		String origin = originOf(cause.getProperty());
		if (origin != null) {
			description.append(" (originating from '").append(origin).append("')");
		}
		description.append(".\n\nswoole4j refused it: ").append(cause.getReason());
		String action = "Update '" + cause.getProperty() + "' in the application's configuration"
				+ " (or the SwooleServerCustomizer that sets it) to a valid value.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private @Nullable String originOf(String property) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)
				|| !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(configurable)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return String.valueOf(found.getOrigin());
			}
		}
		return null;
	}

}
