package io.swoole4j.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Maps core's setting names, as they appear in its validation messages
 * ({@code workerNum: 0 (expected: > 0)}), to kebab-case property names.
 */
final class CoreSettingNames {

	private CoreSettingNames() {
	}

	/**
	 * Returns the setting named at the start of a core validation message.
	 * @param message a message shaped {@code name: value (expected: ...)}
	 * @return the camelCase name, or null if the message has another shape
	 */
	static @Nullable String settingOf(@Nullable String message) {
		if (message == null) {
			return null;
		}
		int colon = message.indexOf(':');
		if (colon <= 0) {
			return null;
		}
		int end = 0;
		while (end < colon && Character.isLetterOrDigit(message.charAt(end))) {
			end++;
		}
		// "packageEof.length: 9 (...)" names a property of packageEof
		if (end == 0 || (end < colon && message.charAt(end) != '.')) {
			return null;
		}
		String name = message.substring(0, end);
		return name;
	}

	/**
	 * Converts a camelCase name to kebab-case ({@code workerNum} to {@code worker-num}).
	 * @param camelCase the name
	 * @return the kebab-case name
	 */
	static String toKebabCase(String camelCase) {
		StringBuilder result = new StringBuilder(camelCase.length() + 4);
		for (int i = 0; i < camelCase.length(); i++) {
			char c = camelCase.charAt(i);
			if (Character.isUpperCase(c)) {
				if (i > 0) {
					result.append('-');
				}
				result.append(Character.toLowerCase(c));
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

}
