package io.swoole4j.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;

import io.swoole4j.server.Server;
import io.swoole4j.server.ServerHandler;

/**
 * Matches when the application defines something for a server to run: a
 * {@link ServerHandler}, a {@link ServerHandler.OnReceive}, or a {@link Server} of its
 * own. Without one there is nothing to serve, and an application that only uses Tables
 * starts no server.
 */
class OnServerHandlerCondition extends AnyNestedCondition {

	OnServerHandlerCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBean(ServerHandler.class)
	static class HasServerHandler {

	}

	@ConditionalOnBean(ServerHandler.OnReceive.class)
	static class HasOnReceive {

	}

	@ConditionalOnBean(Server.class)
	static class HasServer {

	}

}
