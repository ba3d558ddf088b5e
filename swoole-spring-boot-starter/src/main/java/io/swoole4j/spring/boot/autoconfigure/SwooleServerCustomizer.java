package io.swoole4j.spring.boot.autoconfigure;

import io.swoole4j.server.ServerConfig;

/**
 * Callback that customizes the auto-configured server's {@link ServerConfig.Builder}
 * after the {@code swoole.server.*} properties were applied and before the configuration
 * is built (and validated). Every customizer bean is applied, in
 * {@link org.springframework.core.Ordered order}. Use it for what properties cannot
 * express, such as a dispatch function for dispatch mode 6.
 */
@FunctionalInterface
public interface SwooleServerCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, already holding the property values
	 */
	void customize(ServerConfig.Builder builder);

}
