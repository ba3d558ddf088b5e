package io.swoole4j.timer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LongHashMapTests {

	@Test
	void behavesLikeHashMapUnderRandomPutsAndRemovesAcrossResizes() {
		LongHashMap<String> map = new LongHashMap<>();
		Map<Long, String> reference = new HashMap<>();
		Random random = new Random(3);
		List<Long> live = new ArrayList<>();
		long nextKey = 1;
		for (int step = 0; step < 100_000; step++) {
			if (live.isEmpty() || random.nextInt(3) != 0) {
				// mostly sequential keys, as timer ids are, with some far jumps
				long key = (random.nextInt(10) == 0) ? nextKey + random.nextInt(1_000_000) : nextKey++;
				if (reference.containsKey(key)) {
					continue;
				}
				map.put(key, "v" + key);
				reference.put(key, "v" + key);
				live.add(key);
			}
			else {
				long key = live.remove(random.nextInt(live.size()));
				assertThat(map.remove(key)).isEqualTo(reference.remove(key));
			}
			if (step % 10_000 == 0) {
				for (long key : live) {
					if (!reference.get(key).equals(map.get(key))) {
						throw new AssertionError("lost key " + key + " at step " + step);
					}
				}
			}
		}
		assertThat(map.size()).isEqualTo(reference.size());
		assertThat(map.get(nextKey + 2_000_000)).isNull();
		assertThat(map.remove(nextKey + 2_000_000)).isNull();
		Map<Long, String> seen = new HashMap<>();
		map.forEachValue((value) -> seen.put(Long.parseLong(value.substring(1)), value));
		assertThat(seen).isEqualTo(reference);
		map.clear();
		assertThat(map.size()).isZero();
		assertThat(map.get(live.get(0))).isNull();
	}

}
