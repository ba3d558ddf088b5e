package io.swoole4j.table;

/**
 * The hash of a key's bytes; the bucket is {@code hash & (size - 1)}. Package-private so
 * that tests can force collisions; every JVM that maps a table must use the same one.
 */
@FunctionalInterface
interface KeyHash {

	/**
	 * Swoole's {@code swoole_hash_php}: DJBX33A, "times 33", seeded with 5381, over the
	 * unsigned bytes.
	 */
	KeyHash DJBX33A = (key, length) -> {
		int h = 5381;
		for (int i = 0; i < length; i++) {
			h = (h << 5) + h + (key[i] & 0xff);
		}
		return h;
	};

	/**
	 * Hashes a key.
	 * @param key the key's bytes (UTF-8), only the first {@code length} count
	 * @param length 1 to 63
	 * @return the hash
	 */
	int hash(byte[] key, int length);

}
