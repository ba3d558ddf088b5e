package io.swoole4j.spring.boot.autoconfigure;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

import io.swoole4j.server.Port;
import io.swoole4j.server.Server;

/**
 * Runs the swoole4j {@link Server} with the application context: starts it when the
 * context refreshes, publishes the bound port as {@code local.swoole.port} (and those of
 * the extra listeners as {@code local.swoole.listeners[i].port}), and stops it gracefully
 * when the context closes.
 * <p>
 * Stopping marks the application {@link ReadinessState#REFUSING_TRAFFIC refusing
 * traffic}, then runs {@link Server#shutdown()} (stop accepting, let workers finish the
 * queued events for at most {@code max-wait-time}, close every connection) on a separate
 * thread, so that the context's lifecycle processor bounds the wait by
 * {@code spring.lifecycle.timeout-per-shutdown-phase}. The auto-configuration keeps
 * {@code max-wait-time} well below that timeout.
 */
public final class SwooleServerLifecycle implements SmartLifecycle {

	/**
	 * The phase: started after most beans (as Boot's web server), stopped before them.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

	/** The property holding the bound port. */
	public static final String PORT_PROPERTY = "local.swoole.port";

	private static final String PROPERTY_SOURCE_NAME = "swoole.ports";

	private static final Logger logger = LoggerFactory.getLogger(SwooleServerLifecycle.class);

	private final Server server;

	private final ApplicationContext context;

	private volatile boolean draining;

	private volatile SwooleServerThreads threads;

	SwooleServerLifecycle(Server server, ApplicationContext context) {
		this.server = server;
		this.context = context;
	}

	@Override
	public void start() {
		try {
			this.threads = SwooleServerThreads.start(this.server);
		}
		catch (UncheckedIOException ex) {
			if (ex.getCause() instanceof BindException) {
				throw new SwoolePortInUseException(this.server.config().host(), this.server.config().port(), ex);
			}
			throw ex;
		}
		Map<String, Object> ports = new LinkedHashMap<>();
		ports.put(PORT_PROPERTY, this.server.port());
		List<Port> listeners = this.server.listeners();
		for (int i = 1; i < listeners.size(); i++) {
			ports.put(listenerPortProperty(i - 1), listeners.get(i).port());
		}
		setPortProperties(ports);
		this.context.publishEvent(new SwooleServerStartedEvent(this.server));
	}

	@Override
	public void stop() {
		this.draining = true;
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		this.server.shutdown();
	}

	@Override
	public void stop(Runnable callback) {
		this.draining = true;
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		Thread.ofPlatform().name("swoole-shutdown").start(() -> {
			try {
				this.server.shutdown();
			}
			catch (RuntimeException ex) {
				logger.error("swoole4j server shutdown failed", ex);
			}
			finally {
				callback.run();
			}
		});
	}

	@Override
	public boolean isRunning() {
		return this.server.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Tells whether a graceful stop has begun.
	 * @return true from the start of {@link #stop(Runnable)}
	 */
	public boolean isDraining() {
		return this.draining;
	}

	/**
	 * Returns the names of the server's threads (acceptor, reactors, workers) that died.
	 * @return the names, empty while every thread lives or before the server starts
	 */
	public List<String> deadThreadNames() {
		SwooleServerThreads current = this.threads;
		return (current != null) ? current.deadThreadNames() : List.of();
	}

	/**
	 * Returns the server this lifecycle runs.
	 * @return the server
	 */
	public Server getServer() {
		return this.server;
	}

	/**
	 * Returns the property holding the bound port of an extra listener.
	 * @param index the listener's index in {@code swoole.server.listeners}
	 * @return {@code local.swoole.listeners[index].port}
	 */
	public static String listenerPortProperty(int index) {
		return "local.swoole.listeners[" + index + "].port";
	}

	private void setPortProperties(Map<String, Object> ports) {
		ApplicationContext current = this.context;
		while (current != null) {
			if (current instanceof ConfigurableApplicationContext configurable) {
				setPortProperties(configurable.getEnvironment(), ports);
			}
			current = current.getParent();
		}
	}

	@SuppressWarnings("unchecked")
	private static void setPortProperties(ConfigurableEnvironment environment, Map<String, Object> ports) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> source = sources.get(PROPERTY_SOURCE_NAME);
		if (source == null) {
			source = new MapPropertySource(PROPERTY_SOURCE_NAME, new HashMap<>());
			sources.addFirst(source);
		}
		((Map<String, Object>) source.getSource()).putAll(ports);
	}

}
