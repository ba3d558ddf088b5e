package io.swoole4j.server.buffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;

/**
 * A connection's queued output (Swoole's output Buffer): a FIFO of pooled chunks,
 * appended at the tail and written from the head, so bytes leave in append order.
 * <p>
 * Confined to the thread that owns the chunk pool.
 */
public final class OutputChain {

	private final ArrayDeque<Chunk> chunks = new ArrayDeque<>(2);

	private long size;

	/** Whether nothing is queued. */
	public boolean isEmpty() {
		return this.size == 0;
	}

	/** Queued bytes. */
	public long size() {
		return this.size;
	}

	/** Appends {@code len} bytes of {@code src} from absolute index {@code off}. */
	public void append(ChunkPool pool, ByteBuffer src, int off, int len) {
		while (len > 0) {
			Chunk tail = writableTail(pool);
			int n = Math.min(len, tail.writable());
			tail.buffer.put(tail.base + tail.write, src, off, n);
			tail.write += n;
			off += n;
			len -= n;
			this.size += n;
		}
	}

	/** Appends {@code len} bytes of {@code src} from {@code off}. */
	public void append(ChunkPool pool, byte[] src, int off, int len) {
		while (len > 0) {
			Chunk tail = writableTail(pool);
			int n = Math.min(len, tail.writable());
			tail.buffer.put(tail.base + tail.write, src, off, n);
			tail.write += n;
			off += n;
			len -= n;
			this.size += n;
		}
	}

	private Chunk writableTail(ChunkPool pool) {
		Chunk tail = this.chunks.peekLast();
		if (tail == null || tail.writable() == 0) {
			tail = pool.acquire();
			this.chunks.addLast(tail);
		}
		return tail;
	}

	/**
	 * Writes queued bytes until the channel stops accepting them or the queue is empty,
	 * releasing each fully written chunk.
	 * @return the number of bytes written
	 * @throws IOException when the channel fails (the queue is left as it was)
	 */
	public long writeTo(GatheringByteChannel channel, ChunkPool pool) throws IOException {
		long total = 0;
		Chunk head;
		while ((head = this.chunks.peekFirst()) != null) {
			int readable = head.readable();
			int n = (readable == 0) ? 0 : channel.write(head.prepareRead());
			head.read += n;
			total += n;
			this.size -= n;
			if (head.read < head.write) {
				break;
			}
			this.chunks.pollFirst();
			pool.release(head);
		}
		return total;
	}

	/** Drops everything queued and releases the chunks. */
	public void clear(ChunkPool pool) {
		Chunk chunk;
		while ((chunk = this.chunks.pollFirst()) != null) {
			pool.release(chunk);
		}
		this.size = 0;
	}

}
