package io.swoole4j.demo.redis;

/**
 * Redis's glob-style pattern matching for {@code KEYS} and {@code SCAN ... MATCH}, byte
 * by byte and case-sensitive, as {@code stringmatchlen} does it: {@code *} any run of
 * bytes, {@code ?} one byte, {@code [abc]}, {@code [^abc]} and {@code [a-z]} a set, and a
 * backslash takes the next byte literally. A pattern Redis would accept never fails here:
 * an unclosed {@code [} ends the set at the pattern's end, as in Redis.
 */
final class RedisGlob {

	private RedisGlob() {
	}

	/**
	 * Tells whether {@code text} matches {@code pattern}.
	 * @param pattern the glob
	 * @param text the key's bytes
	 * @return true on a match
	 */
	static boolean matches(byte[] pattern, byte[] text) {
		return matches(pattern, 0, text, 0);
	}

	private static boolean matches(byte[] pattern, int p, byte[] text, int t) {
		while (p < pattern.length) {
			byte c = pattern[p];
			if (c == '*') {
				while (p + 1 < pattern.length && pattern[p + 1] == '*') {
					p++;
				}
				if (p + 1 == pattern.length) {
					return true;
				}
				for (int from = t; from <= text.length; from++) {
					if (matches(pattern, p + 1, text, from)) {
						return true;
					}
				}
				return false;
			}
			if (t == text.length) {
				return false;
			}
			if (c == '?') {
				p++;
			}
			else if (c == '[') {
				int end = setEnd(pattern, p + 1);
				if (!inSet(pattern, p + 1, end, text[t])) {
					return false;
				}
				p = (end < pattern.length) ? end + 1 : end;
			}
			else {
				if (c == '\\' && p + 1 < pattern.length) {
					p++;
				}
				if (pattern[p] != text[t]) {
					return false;
				}
				p++;
			}
			t++;
		}
		return t == text.length;
	}

	/**
	 * Returns the index of the {@code ]} closing the set that starts at {@code from}, or
	 * the pattern's length when it is not closed.
	 */
	private static int setEnd(byte[] pattern, int from) {
		int i = from;
		if (i < pattern.length && pattern[i] == '^') {
			i++;
		}
		while (i < pattern.length && pattern[i] != ']') {
			i += (pattern[i] == '\\' && i + 1 < pattern.length) ? 2 : 1;
		}
		return i;
	}

	private static boolean inSet(byte[] pattern, int from, int end, byte b) {
		boolean negate = from < end && pattern[from] == '^';
		boolean found = false;
		for (int i = negate ? from + 1 : from; i < end; i++) {
			if (pattern[i] == '\\' && i + 1 < end) {
				i++;
				found |= pattern[i] == b;
			}
			else if (i + 2 < end && pattern[i + 1] == '-') {
				int low = Math.min(pattern[i] & 0xff, pattern[i + 2] & 0xff);
				int high = Math.max(pattern[i] & 0xff, pattern[i + 2] & 0xff);
				found |= (b & 0xff) >= low && (b & 0xff) <= high;
				i += 2;
			}
			else {
				found |= pattern[i] == b;
			}
		}
		return found != negate;
	}

}
