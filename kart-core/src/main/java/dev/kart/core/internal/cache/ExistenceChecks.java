package dev.kart.core.internal.cache;

import dev.kart.CacheReadException;
import dev.kart.core.internal.config.KartSettings;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the workspace whether many cache files exist, on up to {@code kart.complete-check-threads}
 * threads at once (the calling one among them): how the graph walk checks the outputs of a wide
 * fan-in, as luigi calls {@code complete()} in several processes with {@code [core]
 * parallel_scheduling}. On a local disk each check is a {@code stat(2)} of a few microseconds of
 * CPU, which two threads on two cores do in half the time; on a network file system (a workspace
 * several machines share over NFS) or an object store each is a round trip, and the threads overlap
 * their waits. Helper threads are made on first use and end after a second idle, so a runtime that
 * is never closed keeps none. Thread-safe.
 */
public final class ExistenceChecks {
    /**
     * The fewest files asked about at once for which helper threads are woken. Waking one costs
     * tens of microseconds, about ten local checks; below this the calling thread alone is as quick.
     */
    public static final int PARALLEL_MIN_TARGETS = 32;
    private static final int TARGETS_PER_HELPER = 16;

    private final CacheStore store;
    private final int helperCount;
    // no thread at all until a wide check, none left once idle; a busy pool refuses, and the caller checks more itself
    private final ThreadPoolExecutor helpers;

    /**
     * @param store answers for one file
     * @param settings how many threads may check at once, {@code kart.complete-check-threads} (0: one
     *     per processor)
     */
    @Inject
    public ExistenceChecks(CacheStore store, KartSettings settings) {
        this.store = store;
        int threads = settings.completeCheckThreads();
        // 0 is luigi's default for parallel_scheduling_processes: one per processor
        this.helperCount = (threads == 0 ? Runtime.getRuntime().availableProcessors() : threads) - 1;
        AtomicInteger made = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(0, Math.max(1, helperCount), 1, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "kart-existence-check-" + made.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * @param targets cache files, in any directories
     * @return whether each exists, at its index in {@code targets}; each answer as of its own check,
     *     as {@link CacheStore#exists} gives it
     * @throws CacheReadException when the workspace cannot be asked about one of them (the first
     *     such failure; the remaining checks are abandoned)
     */
    public boolean[] exist(List<CacheTarget> targets) {
        Batch batch = new Batch(targets);
        List<Future<?>> started = new ArrayList<>();
        if (targets.size() >= PARALLEL_MIN_TARGETS) {
            // a helper is woken for every TARGETS_PER_HELPER files at most: more would cost more to start than they check
            int wanted = Math.min(helperCount, targets.size() / TARGETS_PER_HELPER);
            for (int i = 0; i < wanted; i++) {
                try {
                    started.add(helpers.submit(batch));
                } catch (RejectedExecutionException busy) {
                    break; // other builds' walks hold every helper: this one checks on its own thread
                }
            }
        }
        batch.run();
        awaitAll(started);
        RuntimeException failure = batch.failure.get();
        if (failure != null) {
            throw failure;
        }
        return batch.answers;
    }

    // stat(2) cannot be interrupted, and the helpers end within one check each: waiting for them
    // keeps an interrupted walk from returning while they still write its answers
    private static void awaitAll(List<Future<?>> started) {
        boolean interrupted = false;
        for (Future<?> future : started) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // the batch catches what a check throws; only an Error gets here
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("an existence check failed unexpectedly", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One call's files, taken one at a time by whichever thread is free. */
    private final class Batch implements Runnable {
        private final List<CacheTarget> targets;
        private final boolean[] answers;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        Batch(List<CacheTarget> targets) {
            this.targets = targets;
            this.answers = new boolean[targets.size()];
        }

        @Override
        public void run() {
            int index;
            while (failure.get() == null && (index = next.getAndIncrement()) < targets.size()) {
                try {
                    answers[index] = store.exists(targets.get(index));
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }
        }
    }
}
