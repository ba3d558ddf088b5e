package io.swoole4j.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.swoole4j.ipc.MessagePipe;
import io.swoole4j.ipc.MessageQueue;

/**
 * The main class of every child JVM that {@link Process} starts; not called by users.
 * <p>
 * It reads its wiring from {@code swoole4j.process.*} system properties, names its main
 * thread after the process, starts watching the parent, connects the pipe, attaches the
 * queue and runs the entry. A {@link ProcessEntry} ends the process: status 0 when it
 * returns, 1 when it throws. A {@code main} class is run as the JVM would: its JVM ends
 * with its last non-daemon thread, and with status 1 if {@code main} throws.
 * <p>
 * The child never outlives its parent. The parent holds the write end of the child's
 * standard input and never writes to it; a daemon thread reads it, and end-of-file means
 * the parent closed it or died (the kernel closes a dead process's descriptors, also
 * after SIGKILL). {@code ProcessHandle.of(parent).onExit()} backs that up, in case
 * standard input was redirected. Either way the child exits with {@link #PARENT_GONE},
 * running its shutdown hooks for at most {@link #EXIT_GRACE_MILLIS} before it halts.
 */
public final class ProcessMain {

	static final String PROPERTY_PREFIX = "swoole4j.process.";

	static final String ENTRY = PROPERTY_PREFIX + "entry";

	static final String NAME = PROPERTY_PREFIX + "name";

	static final String ID = PROPERTY_PREFIX + "id";

	static final String PARENT = PROPERTY_PREFIX + "parent";

	static final String PIPE = PROPERTY_PREFIX + "pipe";

	static final String MAX_MESSAGE_LENGTH = PROPERTY_PREFIX + "maxMessageLength";

	static final String QUEUE = PROPERTY_PREFIX + "queue";

	/** The exit status of a child whose parent went away: 128 + SIGHUP, as a hang-up. */
	public static final int PARENT_GONE = 129;

	/** The exit status of a child whose entry threw or could not be started. */
	public static final int ENTRY_FAILED = 1;

	/** How long the shutdown hooks may run once the parent is gone. */
	static final long EXIT_GRACE_MILLIS = 5_000;

	private static final Logger logger = LoggerFactory.getLogger(ProcessMain.class);

	private static final AtomicBoolean exiting = new AtomicBoolean();

	private ProcessMain() {
	}

	/**
	 * Runs the entry named by the system properties.
	 * @param args the arguments for the entry
	 */
	public static void main(String[] args) {
		String name = System.getProperty(NAME, "swoole4j-process");
		Thread.currentThread().setName(name);
		long parent = Long.getLong(PARENT, ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L));
		watchParent(parent);
		boolean exitWhenDone;
		try {
			ProcessContext context = new ProcessContext(Integer.getInteger(ID, 0), name, parent, List.of(args),
					connectPipe(), attachQueue());
			ProcessContext.install(context);
			exitWhenDone = runEntry(required(ENTRY), context, args);
		}
		catch (Throwable ex) {
			logger.error("Process {} failed", name, ex);
			System.exit(ENTRY_FAILED);
			return;
		}
		if (exitWhenDone) {
			System.exit(0);
		}
	}

	private static String required(String property) {
		String value = System.getProperty(property);
		if (value == null || value.isEmpty()) {
			throw new IllegalStateException(
					"system property " + property + " is not set: start this class with " + Process.class.getName());
		}
		return value;
	}

	private static MessagePipe connectPipe() throws IOException {
		String address = System.getProperty(PIPE);
		if (address == null) {
			return null;
		}
		return MessagePipe.connect(address,
				Integer.getInteger(MAX_MESSAGE_LENGTH, MessagePipe.DEFAULT_MAX_MESSAGE_LENGTH));
	}

	private static MessageQueue attachQueue() {
		Integer id = Integer.getInteger(QUEUE);
		return (id != null) ? MessageQueue.attach(id) : null;
	}

	/**
	 * Runs the entry.
	 * @return true for a {@link ProcessEntry}, which ends the process when it returns;
	 * false for a {@code main} class, whose JVM ends as any other when its last
	 * non-daemon thread does (a Spring application's main returns while it serves)
	 */
	private static boolean runEntry(String className, ProcessContext context, String[] args) throws Throwable {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		Class<?> type = Class.forName(className, true, (loader != null) ? loader : ProcessMain.class.getClassLoader());
		try {
			if (ProcessEntry.class.isAssignableFrom(type)) {
				ProcessEntry entry = (ProcessEntry) type.getConstructor().newInstance();
				entry.run(context);
				return true;
			}
			else {
				Method main = type.getMethod("main", String[].class);
				if (!Modifier.isStatic(main.getModifiers())) {
					throw new IllegalStateException(className + ".main is not static");
				}
				main.invoke(null, (Object) args);
				return false;
			}
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static void watchParent(long parent) {
		Thread watcher = new Thread(() -> {
			byte[] sink = new byte[64];
			try {
				InputStream in = System.in;
				while (in.read(sink) >= 0) {
					// the parent never writes; anything that arrives is dropped
				}
			}
			catch (IOException ex) {
				// a broken lifeline means the same as a closed one
			}
			parentGone(parent, "its lifeline closed");
		}, "swoole4j-parent-watch");
		watcher.setDaemon(true);
		watcher.start();
		ProcessHandle.of(parent)
			.ifPresentOrElse((handle) -> handle.onExit().thenRun(() -> parentGone(parent, "it exited")),
					() -> parentGone(parent, "it does not exist"));
	}

	private static void parentGone(long parent, String why) {
		if (!exiting.compareAndSet(false, true)) {
			return;
		}
		logger.warn("Parent {} of process {} is gone ({}): exiting", parent, System.getProperty(NAME), why);
		Thread halter = new Thread(() -> {
			try {
				TimeUnit.MILLISECONDS.sleep(EXIT_GRACE_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			Runtime.getRuntime().halt(PARENT_GONE);
		}, "swoole4j-exit-guard");
		halter.setDaemon(true);
		halter.start();
		System.exit(PARENT_GONE);
	}

}
