package io.swoole4j.spring.boot.autoconfigure;

import java.util.Locale;

import org.springframework.core.convert.converter.Converter;

import io.swoole4j.server.DispatchMode;

/**
 * Reads {@code swoole.server.dispatch-mode} as Swoole writes it (a number from 1 to 8) or
 * by name ({@code fdmod}, {@code co-conn-lb}, ...).
 */
final class DispatchModeConverter implements Converter<String, DispatchMode> {

	@Override
	public DispatchMode convert(String source) {
		String value = source.trim();
		if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 3) {
			return DispatchMode.ofId(Integer.parseInt(value));
		}
		return DispatchMode.valueOf(value.replace('-', '_').toUpperCase(Locale.ROOT));
	}

}
