package io.swoole4j.memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.internal.Checks;

/**
 * A region of memory that threads of this JVM ({@link #anonymous anonymous}) or several
 * JVMs ({@link #create named}, a file under {@code /dev/shm}) share.
 * <p>
 * The region starts zeroed and page aligned. Everything placed in it must refer to other
 * parts by offset, never by address, since each JVM maps it at a different address.
 * <p>
 * Threading: the segment may be used from any thread. {@link #close()} unmaps the region
 * for this JVM; using the segment afterwards throws {@link IllegalStateException}, so
 * close only once every user is done. {@link #unlink()} removes the name so that no new
 * JVM can open it; JVMs that mapped it keep their mapping.
 */
public final class SharedMemory implements AutoCloseable {

	/** Where named regions live: a tmpfs on Linux. */
	public static final Path SHM_DIR = Path.of(System.getProperty("swoole4j.shm.dir", "/dev/shm"));

	private static final Logger logger = LoggerFactory.getLogger(SharedMemory.class);

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

	private static final long PAGE = 4096;

	private final Arena arena;

	private final MemorySegment segment;

	private final String name;

	private final Path path;

	private SharedMemory(Arena arena, MemorySegment segment, String name, Path path) {
		this.arena = arena;
		this.segment = segment;
		this.name = name;
		this.path = path;
	}

	/**
	 * Allocates a zeroed region shared by the threads of this JVM.
	 * @param size the size in bytes, &gt; 0
	 * @return the region
	 * @throws IllegalArgumentException if size is not positive
	 * @throws OutOfMemoryError if the system cannot supply the memory
	 */
	public static SharedMemory anonymous(long size) {
		Checks.checkPositive(size, "size");
		Arena arena = Arena.ofShared();
		try {
			return new SharedMemory(arena, arena.allocate(size, PAGE), null, null);
		}
		catch (RuntimeException | Error ex) {
			arena.close();
			throw ex;
		}
	}

	/**
	 * Creates a named region (file {@code /dev/shm/<name>}, mode 0600), zeroed. A region
	 * left under that name by an earlier run is replaced, with a warning.
	 * @param name letters, digits, {@code .}, {@code _} and {@code -}; 1 to 200
	 * characters
	 * @param size the size in bytes, &gt; 0
	 * @return the mapped region, owned by the caller, who should {@link #unlink()} it
	 * when done
	 * @throws IllegalArgumentException for a bad name or size
	 * @throws UncheckedIOException if the file cannot be created or mapped
	 */
	public static SharedMemory create(String name, long size) {
		checkName(name);
		Checks.checkPositive(size, "size");
		Path path = SHM_DIR.resolve(name);
		try (FileChannel channel = openReplacingStale(path)) {
			// one write at the end leaves a sparse, zero-filled tmpfs file of the full
			// size
			channel.write(java.nio.ByteBuffer.allocate(1), size - 1);
			return map(channel, name, path, size);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create shared memory region " + path, ex);
		}
	}

	/**
	 * Maps an existing named region, made by {@link #create} in this or another JVM.
	 * @param name the region's name
	 * @return the mapped region; its size is the file's size
	 * @throws IllegalArgumentException for a bad name
	 * @throws UncheckedIOException if no such region exists (cause
	 * {@link NoSuchFileException}) or it cannot be mapped
	 */
	public static SharedMemory open(String name) {
		checkName(name);
		Path path = SHM_DIR.resolve(name);
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long size = channel.size();
			if (size == 0) {
				throw new UncheckedIOException(new IOException("Shared memory region " + path + " is empty"));
			}
			return map(channel, name, path, size);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open shared memory region " + path, ex);
		}
	}

	/**
	 * Tells whether a named region exists.
	 * @param name the region's name
	 * @return true if its file exists
	 */
	public static boolean exists(String name) {
		checkName(name);
		return Files.exists(SHM_DIR.resolve(name));
	}

	private static FileChannel openReplacingStale(Path path) throws IOException {
		try {
			return openNew(path);
		}
		catch (FileAlreadyExistsException ex) {
			logger.warn("Replacing stale shared memory region {} ({} bytes)", path, sizeOf(path));
			Files.deleteIfExists(path);
			return openNew(path);
		}
	}

	private static FileChannel openNew(Path path) throws IOException {
		return FileChannel.open(path,
				EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
	}

	private static SharedMemory map(FileChannel channel, String name, Path path, long size) throws IOException {
		Arena arena = Arena.ofShared();
		try {
			MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
			return new SharedMemory(arena, segment, name, path);
		}
		catch (IOException | RuntimeException | Error ex) {
			arena.close();
			throw ex;
		}
	}

	private static long sizeOf(Path path) {
		try {
			return Files.size(path);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	private static void checkName(String name) {
		Checks.checkNotNull(name, "name");
		if (!NAME.matcher(name).matches()) {
			throw Checks.fail("name", "\"" + name + "\"", "1 to 200 of [A-Za-z0-9._-]");
		}
	}

	/**
	 * Returns the mapped memory.
	 * @return the segment, valid until {@link #close()}
	 */
	public MemorySegment segment() {
		return this.segment;
	}

	/**
	 * Returns the size in bytes.
	 * @return the size
	 */
	public long size() {
		return this.segment.byteSize();
	}

	/**
	 * Returns the name of a named region.
	 * @return the name, or null for an anonymous region
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Tells whether this region is named, and so can be opened by another JVM.
	 * @return true if named
	 */
	public boolean isNamed() {
		return this.name != null;
	}

	/**
	 * Tells whether this region is still mapped in this JVM.
	 * @return false once closed
	 */
	public boolean isOpen() {
		return this.arena.scope().isAlive();
	}

	/**
	 * Removes a named region's file; mappings that exist stay valid. Does nothing for an
	 * anonymous region or one already removed.
	 */
	public void unlink() {
		if (this.path != null) {
			try {
				Files.deleteIfExists(this.path);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot remove shared memory region " + this.path, ex);
			}
		}
	}

	/**
	 * Unmaps the region in this JVM. Idempotent.
	 */
	@Override
	public synchronized void close() {
		if (this.arena.scope().isAlive()) {
			this.arena.close();
		}
	}

	@Override
	public String toString() {
		return "SharedMemory[" + (this.name != null ? this.name : "anonymous") + ", " + size() + " bytes]";
	}

}
