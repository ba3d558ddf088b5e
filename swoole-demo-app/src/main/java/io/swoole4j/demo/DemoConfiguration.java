package io.swoole4j.demo;

import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swoole4j.demo.echo.LengthFramedEchoServer;
import io.swoole4j.demo.redis.RedisCommandExecutor;
import io.swoole4j.demo.redis.RedisExpirySweeper;
import io.swoole4j.demo.redis.RedisServerHandler;
import io.swoole4j.protocol.resp.RespLimits;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerConfig;
import io.swoole4j.spring.boot.autoconfigure.SwooleServerLifecycle;
import io.swoole4j.table.Table;

/**
 * The demo's beans: the Redis command executor over the declared Table, the handler the
 * starter's server calls (the starter picks up the one {@code ServerHandler} bean), the
 * expiry sweep, the echo server and the demo's own meters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoProperties.class)
class DemoConfiguration {

	@Bean
	RedisCommandExecutor redisCommandExecutor(DemoProperties properties, BeanFactory beans,
			ObjectProvider<Server> server) {
		Table table = beans.getBean(properties.getRedis().getTable(), Table.class);
		// INFO reads the server's stats() lazily: the server itself needs this executor
		return new RedisCommandExecutor(table, System::currentTimeMillis, () -> {
			Server current = server.getIfAvailable();
			return (current != null) ? current.stats() : Map.of();
		});
	}

	@Bean
	RedisServerHandler redisServerHandler(RedisCommandExecutor executor, DemoProperties properties,
			ServerConfig serverConfig) {
		if (!serverConfig.dispatchMode().isStable() || !serverConfig.deliversConnectionEvents()) {
			// a connection's parser state must stay on one worker and be dropped on close
			throw new IllegalStateException("The Redis port needs a stable dispatch mode with connection events"
					+ " (swoole.server.dispatch-mode: fdmod); got " + serverConfig.dispatchMode());
		}
		int maxBulk = (int) Math.min(Integer.MAX_VALUE, properties.getRedis().getMaxBulkLength().toBytes());
		RespLimits limits = RespLimits.defaults().withPackageMaxLength(Math.max(maxBulk, 1)).withMaxBulkLength(maxBulk);
		return new RedisServerHandler(executor, limits);
	}

	@Bean
	RedisExpirySweeper redisExpirySweeper(RedisCommandExecutor executor, DemoProperties properties) {
		return new RedisExpirySweeper(executor, properties.getRedis().getSweepInterval(),
				properties.getRedis().getSweepRowsPerTick());
	}

	@Bean
	@ConditionalOnProperty(name = "demo.echo.enabled", matchIfMissing = true)
	LengthFramedEchoServer lengthFramedEchoServer(DemoProperties properties) {
		DemoProperties.Echo echo = properties.getEcho();
		ServerConfig config = ServerConfig.builder()
			.host(echo.getHost())
			.port(echo.getPort())
			.reactorNum(echo.getReactorNum())
			.workerNum(echo.getWorkerNum())
			.openLengthCheck(true)
			.packageLengthType('N')
			.packageLengthOffset(0)
			.packageBodyOffset(4)
			.packageMaxLength((int) echo.getPackageMaxLength().toBytes())
			.build();
		return new LengthFramedEchoServer(config, SwooleServerLifecycle.PHASE);
	}

	@Bean
	MeterBinder demoRedisMetrics(RedisCommandExecutor executor, RedisServerHandler handler) {
		return (registry) -> {
			FunctionCounter.builder("demo.redis.commands", executor, (e) -> e.stats().commands())
				.description("Redis commands run, known or not")
				.register(registry);
			FunctionCounter.builder("demo.redis.keyspace.hits", executor, (e) -> e.stats().keyspaceHits())
				.description("GET and MGET lookups that found their key")
				.register(registry);
			FunctionCounter.builder("demo.redis.keyspace.misses", executor, (e) -> e.stats().keyspaceMisses())
				.description("GET and MGET lookups that found nothing")
				.register(registry);
			FunctionCounter.builder("demo.redis.expired.keys", executor, (e) -> e.stats().expiredKeys())
				.description("Keys deleted because their TTL passed, lazily or by the sweep")
				.register(registry);
			FunctionCounter.builder("demo.redis.errors", executor, (e) -> e.stats().errorReplies())
				.description("Error replies, protocol errors excluded")
				.register(registry);
			FunctionCounter.builder("demo.redis.protocol.errors", executor, (e) -> e.stats().protocolErrors())
				.description("Connections closed for a protocol error")
				.register(registry);
			Gauge.builder("demo.redis.sessions", handler, RedisServerHandler::sessionCount)
				.description("Open Redis connections")
				.register(registry);
		};
	}

}
