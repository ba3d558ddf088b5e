package io.swoole4j.spring.boot.autoconfigure;

import java.util.Locale;
import java.util.Set;

import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

import io.swoole4j.server.DispatchMode;

/**
 * Reads {@code swoole.server.dispatch-mode} as Swoole writes it (a number from 1 to 8) or
 * by name ({@code fdmod}, {@code co-conn-lb}, ...). YAML hands a bare number over as an
 * {@link Integer}, which Spring's own converter would map to the enum constant at that
 * <em>position</em> ({@code 2} would become mode 3), so numbers are converted here too.
 */
final class DispatchModeConverter implements GenericConverter {

	@Override
	public Set<ConvertiblePair> getConvertibleTypes() {
		return Set.of(new ConvertiblePair(String.class, DispatchMode.class),
				new ConvertiblePair(Integer.class, DispatchMode.class));
	}

	@Override
	public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
		if (source == null) {
			return null;
		}
		if (source instanceof Integer id) {
			return DispatchMode.ofId(id);
		}
		String value = source.toString().trim();
		if (!value.isEmpty() && value.chars().allMatch(Character::isDigit) && value.length() < 3) {
			return DispatchMode.ofId(Integer.parseInt(value));
		}
		return DispatchMode.valueOf(value.replace('-', '_').toUpperCase(Locale.ROOT));
	}

}
