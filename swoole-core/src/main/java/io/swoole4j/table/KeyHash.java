package io.swoole4j.table;

/**
 * The hash of a key's bytes; the bucket is {@code hash & (size - 1)}. Package-private so
 * that tests can force collisions; every JVM that maps a table must use the same one.
 */
@FunctionalInterface
interface KeyHash {

	/**
	 * Swoole's {@code swoole_hash_php} (DJBX33A, "times 33", seeded with 5381, over the
	 * unsigned bytes) followed by {@link #mix}.
	 */
	KeyHash DEFAULT = (key, length) -> {
		int h = 5381;
		for (int i = 0; i < length; i++) {
			h = (h << 5) + h + (key[i] & 0xff);
		}
		return mix(h);
	};

	/**
	 * MurmurHash3's 32-bit finaliser. DJBX33A alone changes only the low bits between
	 * keys that differ in their last character, and the bucket is taken from the low
	 * bits: keys such as {@code p0 … p499} then pile into neighbouring chains and fill a
	 * 1,024-row table's conflict area before 500 rows. Mixing spreads every input bit
	 * over the whole word.
	 * @param h a hash
	 * @return the mixed hash
	 */
	static int mix(int h) {
		h ^= h >>> 16;
		h *= 0x85ebca6b;
		h ^= h >>> 13;
		h *= 0xc2b2ae35;
		h ^= h >>> 16;
		return h;
	}

	/**
	 * Hashes a key.
	 * @param key the key's bytes (UTF-8), only the first {@code length} count
	 * @param length 1 to 63
	 * @return the hash
	 */
	int hash(byte[] key, int length);

}
