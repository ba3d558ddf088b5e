package io.swoole4j.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FrameDecoderTests {

	private static final int MAX = 64 * 1024;

	@ParameterizedTest
	@EnumSource(LengthType.class)
	void lengthFramingYieldsTheSamePacketsAtEverySplitPoint(LengthType type) {
		for (int lengthOffset : new int[] { 0, 3 }) {
			int headerEnd = lengthOffset + type.size();
			for (int bodyOffset : new int[] { 0, headerEnd }) {
				FrameDecoder decoder = new LengthFieldDecoder(type, lengthOffset, bodyOffset, MAX);
				List<byte[]> packets = randomPackets(type, lengthOffset, bodyOffset,
						new Random(type.ordinal() * 31L + bodyOffset));
				byte[] stream = concat(packets);
				for (int split = 0; split <= stream.length; split++) {
					Reassembler r = new Reassembler(decoder);
					r.feed(stream, 0, split);
					r.feed(stream, split, stream.length - split);
					assertThat(r.error).isZero();
					assertThat(r.packets).containsExactlyElementsOf(packets);
				}
				Reassembler oneByOne = new Reassembler(decoder);
				for (int i = 0; i < stream.length; i++) {
					oneByOne.feed(stream, i, 1);
				}
				assertThat(oneByOne.packets).containsExactlyElementsOf(packets);
			}
		}
	}

	@Test
	void lengthFramingDeliversManyPacketsFromOneRead() {
		LengthType type = LengthType.ofCode('N');
		List<byte[]> packets = randomPackets(type, 0, 4, new Random(7));
		Reassembler r = new Reassembler(new LengthFieldDecoder(type, 0, 4, MAX));
		byte[] stream = concat(packets);
		r.feed(stream, 0, stream.length);
		assertThat(r.packets).containsExactlyElementsOf(packets);
	}

	@Test
	void declaredLengthOverTheLimitIsTooLongBeforeTheBodyArrives() {
		FrameDecoder decoder = new LengthFieldDecoder(LengthType.ofCode('N'), 0, 4, MAX);
		ByteBuffer header = ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE - 1);
		assertThat(decoder.decode(header, 0, 4)).isEqualTo(FrameDecoder.TOO_LONG);
		assertThat(decoder.expectedLength(header, 0, 4)).isEqualTo(FrameDecoder.TOO_LONG);
		ByteBuffer exactlyOver = ByteBuffer.allocate(4).putInt(0, MAX - 3);
		assertThat(decoder.decode(exactlyOver, 0, 4)).isEqualTo(FrameDecoder.TOO_LONG);
		ByteBuffer atLimit = ByteBuffer.allocate(4).putInt(0, MAX - 4);
		assertThat(decoder.expectedLength(atLimit, 0, 4)).isEqualTo(MAX);
	}

	@Test
	void negativeSignedLengthIsMalformed() {
		for (char code : new char[] { 'c', 's', 'l', 'q' }) {
			LengthType type = LengthType.ofCode(code);
			FrameDecoder decoder = new LengthFieldDecoder(type, 0, type.size(), MAX);
			ByteBuffer buf = ByteBuffer.allocate(8);
			type.write(buf, 0, -5);
			assertThat(decoder.decode(buf, 0, type.size())).as("type %s", code).isEqualTo(FrameDecoder.MALFORMED);
		}
	}

	@Test
	void totalShorterThanTheHeaderIsMalformed() {
		FrameDecoder decoder = new LengthFieldDecoder(LengthType.ofCode('N'), 0, 0, MAX);
		ByteBuffer buf = ByteBuffer.allocate(4).putInt(0, 2);
		assertThat(decoder.decode(buf, 0, 4)).isEqualTo(FrameDecoder.MALFORMED);
	}

	@Test
	void unsignedSixtyFourBitLengthAboveLongRangeIsTooLong() {
		FrameDecoder decoder = new LengthFieldDecoder(LengthType.ofCode('J'), 0, 8, MAX);
		ByteBuffer buf = ByteBuffer.allocate(8).putLong(0, -1L);
		assertThat(decoder.decode(buf, 0, 8)).isEqualTo(FrameDecoder.TOO_LONG);
	}

	@Test
	void unknownLengthTypeCodeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LengthType.ofCode('x'))
			.withMessage("packageLengthType: 'x' (expected: one of c C s S n v l L i I N V q Q J P)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> FramingConfig.builder().openLengthCheck(true).packageLengthType('z').build());
	}

	@Test
	void eofCheckWithoutSplitDeliversTwoMessagesOfOneReadTogether() {
		FrameDecoder decoder = FramingConfig.builder().openEofCheck(true).build().newDecoder();
		Reassembler r = new Reassembler(decoder);
		byte[] two = "GET a\r\n\r\nGET b\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
		r.feed(two, 0, two.length);
		assertThat(r.packets).hasSize(1);
		assertThat(new String(r.packets.get(0), StandardCharsets.ISO_8859_1)).isEqualTo("GET a\r\n\r\nGET b\r\n\r\n");
	}

	@Test
	void eofSplitDeliversEachMessageEndingWithTheEof() {
		FrameDecoder decoder = FramingConfig.builder().openEofSplit(true).packageEof("\r\n").build().newDecoder();
		byte[] stream = "one\r\ntwo\r\nthree\r\n".getBytes(StandardCharsets.ISO_8859_1);
		for (int split = 0; split <= stream.length; split++) {
			Reassembler r = new Reassembler(decoder);
			r.feed(stream, 0, split);
			r.feed(stream, split, stream.length - split);
			assertThat(r.packets).extracting((p) -> new String(p, StandardCharsets.ISO_8859_1))
				.containsExactly("one\r\n", "two\r\n", "three\r\n");
		}
	}

	@Test
	void eofSplitAcrossTwoReadsIsDetectedWithoutSplitToo() {
		FrameDecoder decoder = FramingConfig.builder().openEofCheck(true).build().newDecoder();
		Reassembler r = new Reassembler(decoder);
		byte[] msg = "hello\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
		r.feed(msg, 0, 7);
		assertThat(r.packets).isEmpty();
		r.feed(msg, 7, 2);
		assertThat(r.packets).hasSize(1);
	}

	@Test
	void reachingTheLimitWithoutEofIsTooLong() {
		for (FramingConfig config : new FramingConfig[] {
				FramingConfig.builder().openEofCheck(true).packageMaxLength(1024).build(),
				FramingConfig.builder().openEofSplit(true).packageMaxLength(1024).build() }) {
			Reassembler r = new Reassembler(config.newDecoder());
			byte[] junk = new byte[1024];
			r.feed(junk, 0, 1000);
			assertThat(r.error).isZero();
			r.feed(junk, 1000, 24);
			assertThat(r.error).isEqualTo(FrameDecoder.TOO_LONG);
		}
	}

	@Test
	void rawDecoderTakesWhateverArrived() {
		FrameDecoder decoder = FramingConfig.raw().newDecoder();
		assertThat(decoder.isRaw()).isTrue();
		assertThat(decoder.decode(ByteBuffer.allocate(10), 2, 9)).isEqualTo(7);
		assertThat(decoder.decode(ByteBuffer.allocate(10), 5, 5)).isEqualTo(FrameDecoder.NEED_MORE);
	}

	@Test
	void invalidFramingSettingsAreRejectedWithTheSettingName() {
		assertThatIllegalArgumentException().isThrownBy(() -> FramingConfig.builder().packageEof("").build())
			.withMessage("packageEof.length: 0 (expected: in [1, 8])");
		assertThatIllegalArgumentException().isThrownBy(() -> FramingConfig.builder().packageMaxLength(0).build())
			.withMessage("packageMaxLength: 0 (expected: > 0)");
		assertThatIllegalArgumentException().isThrownBy(() -> FramingConfig.builder().packageLengthOffset(-1).build())
			.withMessage("packageLengthOffset: -1 (expected: in [0, 8192])");
	}

	private static List<byte[]> randomPackets(LengthType type, int lengthOffset, int bodyOffset, Random random) {
		int headerEnd = lengthOffset + type.size();
		List<byte[]> packets = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			int body = random.nextInt(40);
			int total = Math.max(headerEnd, bodyOffset) + body;
			byte[] packet = new byte[total];
			random.nextBytes(packet);
			ByteBuffer buf = ByteBuffer.wrap(packet);
			type.write(buf, lengthOffset, total - bodyOffset);
			packets.add(packet);
		}
		return packets;
	}

	private static byte[] concat(List<byte[]> packets) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		packets.forEach(out::writeBytes);
		return out.toByteArray();
	}

}
