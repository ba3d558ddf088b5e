package io.swoole4j.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.unit.DataSize;

import io.swoole4j.protocol.FramingConfig;
import io.swoole4j.server.Port;
import io.swoole4j.server.Server;
import io.swoole4j.server.ServerHandler;
import io.swoole4j.spring.boot.autoconfigure.SwooleServerProperties.Listener;

/**
 * Adds the {@code swoole.server.listeners[*]} sockets to a {@link Server} before it
 * starts, translating the core's refusal of a setting into an
 * {@link InvalidSwoolePropertyException} that names the listener's property.
 */
final class SwooleListeners {

	private SwooleListeners() {
	}

	/**
	 * Returns the names of the handler beans the listeners use, which are not candidates
	 * for the server's own handler.
	 * @param properties the bound properties
	 * @return the bean names
	 */
	static Set<String> handlerNames(SwooleServerProperties properties) {
		Set<String> names = new HashSet<>();
		for (Listener listener : properties.getListeners()) {
			if (listener.getHandler() != null) {
				names.add(listener.getHandler());
			}
		}
		return names;
	}

	/**
	 * Adds every configured listener.
	 * @param server a server not yet started
	 * @param properties the bound properties
	 * @param beanFactory where the listeners' handler beans are looked up
	 * @return the added ports, in the order of the properties
	 * @throws InvalidSwoolePropertyException if the core refuses a setting
	 */
	static List<Port> add(Server server, SwooleServerProperties properties, BeanFactory beanFactory) {
		List<Listener> listeners = properties.getListeners();
		List<Port> ports = new ArrayList<>(listeners.size());
		for (int i = 0; i < listeners.size(); i++) {
			Listener listener = listeners.get(i);
			String prefix = ServerConfigFactory.PREFIX + ".listeners[" + i + "].";
			try {
				String host = (listener.getHost() != null) ? listener.getHost() : server.config().host();
				Port port = server.addListener(host, listener.getPort(), listener.getType());
				FramingConfig framing = framing(listener, server.config().framing());
				if (framing != null) {
					port.framing(framing);
				}
				if (listener.getHandler() != null) {
					port.handler(handler(beanFactory, listener.getHandler()));
				}
				ports.add(port);
			}
			catch (IllegalArgumentException ex) {
				throw translate(ex, listener, prefix);
			}
		}
		return ports;
	}

	private static @Nullable FramingConfig framing(Listener listener, FramingConfig primary) {
		if (listener.getOpenLengthCheck() == null && listener.getPackageLengthType() == null
				&& listener.getPackageLengthOffset() == null && listener.getPackageBodyOffset() == null
				&& listener.getPackageMaxLength() == null && listener.getOpenEofCheck() == null
				&& listener.getOpenEofSplit() == null && listener.getPackageEof() == null) {
			return null;
		}
		FramingConfig.Builder builder = primary.toBuilder();
		if (listener.getOpenLengthCheck() != null) {
			builder.openLengthCheck(listener.getOpenLengthCheck());
		}
		if (listener.getPackageLengthType() != null) {
			builder.packageLengthType(listener.getPackageLengthType());
		}
		if (listener.getPackageLengthOffset() != null) {
			builder.packageLengthOffset(listener.getPackageLengthOffset());
		}
		if (listener.getPackageBodyOffset() != null) {
			builder.packageBodyOffset(listener.getPackageBodyOffset());
		}
		DataSize maxLength = listener.getPackageMaxLength();
		if (maxLength != null) {
			builder.packageMaxLength((int) Math.min(Integer.MAX_VALUE, maxLength.toBytes()));
		}
		if (listener.getOpenEofCheck() != null) {
			builder.openEofCheck(listener.getOpenEofCheck());
		}
		if (listener.getOpenEofSplit() != null) {
			builder.openEofSplit(listener.getOpenEofSplit());
		}
		if (listener.getPackageEof() != null) {
			builder.packageEof(listener.getPackageEof());
		}
		return builder.build();
	}

	private static ServerHandler handler(BeanFactory beanFactory, String name) {
		Object bean = beanFactory.getBean(name);
		if (bean instanceof ServerHandler handler) {
			return handler;
		}
		if (bean instanceof ServerHandler.OnReceive onReceive) {
			return ServerHandler.onReceive(onReceive);
		}
		throw new IllegalArgumentException("handler: " + name + " (expected: a ServerHandler or"
				+ " ServerHandler.OnReceive bean, got " + bean.getClass().getName() + ")");
	}

	private static RuntimeException translate(IllegalArgumentException ex, Listener listener, String prefix) {
		String setting = CoreSettingNames.settingOf(ex.getMessage());
		if (setting == null) {
			return ex;
		}
		BeanWrapperImpl wrapper = new BeanWrapperImpl(listener);
		Object value = wrapper.isReadableProperty(setting) ? wrapper.getPropertyValue(setting) : null;
		return new InvalidSwoolePropertyException(prefix + CoreSettingNames.toKebabCase(setting), value,
				String.valueOf(ex.getMessage()), ex);
	}

}
