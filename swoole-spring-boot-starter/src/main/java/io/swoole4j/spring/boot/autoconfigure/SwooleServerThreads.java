package io.swoole4j.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.swoole4j.server.Server;

/**
 * The threads a {@link Server} started (acceptor, reactor threads, workers), told apart
 * from every other thread by taking a snapshot of the live threads before and after
 * {@link Server#start()}, so that the health indicator can tell when one has died. The
 * core exposes no thread liveness yet; names alone would confuse two servers in one JVM.
 */
public final class SwooleServerThreads {

	private static final String THREAD_NAME_PREFIX = "swoole-";

	private final List<Thread> threads;

	private SwooleServerThreads(List<Thread> threads) {
		this.threads = threads;
	}

	/**
	 * Starts the server and records the threads it started.
	 * @param server a server not yet started
	 * @return the recorded threads
	 * @throws RuntimeException whatever {@link Server#start()} throws
	 */
	public static SwooleServerThreads start(Server server) {
		Set<Thread> before = liveThreads();
		server.start();
		List<Thread> started = new ArrayList<>();
		for (Thread thread : liveThreads()) {
			if (!before.contains(thread) && thread.getName().startsWith(THREAD_NAME_PREFIX)) {
				started.add(thread);
			}
		}
		return new SwooleServerThreads(List.copyOf(started));
	}

	/**
	 * Returns the recorded threads.
	 * @return the threads the server started, alive or not
	 */
	public List<Thread> threads() {
		return this.threads;
	}

	/**
	 * Returns the names of the recorded threads that are no longer alive and were not
	 * replaced by a live thread of the same name (a restarted worker).
	 * @return the names, empty while every thread lives or was replaced
	 */
	public List<String> deadThreadNames() {
		List<String> dead = new ArrayList<>();
		Set<String> liveNames = null;
		for (Thread thread : this.threads) {
			if (!thread.isAlive()) {
				// the server's manager replaces a recycled, reloaded or crashed worker by
				// a new thread of the same name: only a thread nobody took over is dead
				if (liveNames == null) {
					liveNames = new HashSet<>();
					for (Thread live : liveThreads()) {
						liveNames.add(live.getName());
					}
				}
				if (!liveNames.contains(thread.getName())) {
					dead.add(thread.getName());
				}
			}
		}
		return dead;
	}

	private static Set<Thread> liveThreads() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads;
		int count;
		// the group can grow between activeCount() and enumerate(): retry until it fits
		do {
			threads = new Thread[root.activeCount() * 2 + 16];
			count = root.enumerate(threads, true);
		}
		while (count == threads.length);
		Set<Thread> live = Collections.newSetFromMap(new IdentityHashMap<>());
		for (int i = 0; i < count; i++) {
			live.add(threads[i]);
		}
		return live;
	}

}
