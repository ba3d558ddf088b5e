package io.swoole4j.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Feeds "reads" to a decoder the way a reactor does, collecting packets or an error. */
final class Reassembler {

	private final FrameDecoder decoder;

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	final List<byte[]> packets = new ArrayList<>();

	int error;

	Reassembler(FrameDecoder decoder) {
		this.decoder = decoder;
	}

	void feed(byte[] data, int off, int len) {
		if (this.error != 0) {
			return;
		}
		this.pending.write(data, off, len);
		byte[] all = this.pending.toByteArray();
		ByteBuffer buf = ByteBuffer.wrap(all);
		int pos = 0;
		while (pos < all.length) {
			int n = this.decoder.decode(buf, pos, all.length);
			if (n == FrameDecoder.NEED_MORE) {
				break;
			}
			if (n < 0) {
				this.error = n;
				return;
			}
			this.packets.add(Arrays.copyOfRange(all, pos, pos + n));
			pos += n;
		}
		this.pending.reset();
		this.pending.write(all, pos, all.length - pos);
	}

}
