package dev.kart.core.internal.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Does one call's work on many files on several threads at once, the calling one among them: each thread takes the
 * next file not yet taken. On a local disk a file's work is a few microseconds of CPU, which two threads do in half the
 * time on two cores; on a network file system or an object store it is a round trip, and more threads than processors
 * overlap more of them. The helper threads are one pool per instance, shared by every call made at the same time (the
 * runtime's workers): a call gets those that are idle, and does its files on its own thread while every helper is busy
 * with other calls. Helpers are daemons made on first use that end after a second idle, so a runtime that is never
 * closed keeps none; they work with the calling thread's context class loader, and keep none of it between calls.
 * Thread-safe.
 */
final class FanOut {
    /**
     * The fewest files of one call for which helper threads are woken, and how many files each helper woken should
     * have, on a local disk: waking one costs tens of microseconds, about ten local checks.
     */
    static final Spread LOCAL = new Spread(32, 16);
    /** The same on a store each of whose calls is a round trip of milliseconds: a helper for every file. */
    static final Spread REMOTE = new Spread(2, 1);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    /**
     * When a call wakes helpers, and how many.
     *
     * @param minFiles the fewest files of a call for which helpers are woken
     * @param filesPerHelper how many files each helper woken should have at least
     */
    record Spread(int minFiles, int filesPerHelper) {
    }

    private final int helperCount;
    private final Spread spread;
    private final ThreadPoolExecutor helpers;

    /**
     * @param threads how many threads may work at once, the calling one among them, at least 1
     * @param spread when a call wakes helpers
     * @param threadName the helpers' names, numbered after it
     */
    FanOut(int threads, Spread spread, String threadName) {
        this.helperCount = threads - 1;
        this.spread = spread;
        AtomicInteger made = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(0, Math.max(1, helperCount), KEEP_ALIVE.toNanos(), TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(), runnable -> {
                    // no inheritable thread-locals of the first caller either
                    Thread thread = new Thread(null, runnable, threadName + made.incrementAndGet(), 0, false);
                    thread.setDaemon(true);
                    // not the first caller's (a task jar's loader, kept reachable while the helper idles): each batch
                    // sets its caller's
                    thread.setContextClassLoader(FanOut.class.getClassLoader());
                    return thread;
                });
    }

    /**
     * @param configured a thread count as a setting gives it: 0 for the default
     * @param whenZero the default
     * @return the thread count it means
     */
    static int threads(int configured, int whenZero) {
        return configured == 0 ? whenZero : configured;
    }

    /**
     * Calls {@code work} once for each index from 0 to {@code count} - 1, in no set order, and returns or throws only once
     * every call begun ended. A call that throws stops the threads from taking more indexes. Then, of what the calls
     * threw, an {@link Error} is rethrown first; else the exception of the lowest index: since indexes are taken in
     * increasing order and every index taken is worked, it is the one a single thread working the indexes in order
     * would have met first, for work that fails the same way whenever called. When another thread met it, it carries a
     * suppressed exception with the calling thread's stack.
     *
     * @param count how many files
     * @param work the work on the file of an index; it must be safe to call from several threads at once
     * @throws RuntimeException what {@code work} threw (a checked exception thrown past the compiler, as itself)
     */
    void forEach(int count, IntConsumer work) {
        Batch batch = new Batch(count, work, Thread.currentThread().getContextClassLoader());
        int wanted = count >= spread.minFiles() ? Math.min(helperCount, count / spread.filesPerHelper()) : 0;
        List<Future<?>> started = new ArrayList<>(wanted);
        try {
            // inside the try: a helper that cannot be made (no native thread left) must not leave those started working
            for (int i = 0; i < wanted; i++) {
                try {
                    started.add(helpers.submit(batch::runAsHelper));
                } catch (RejectedExecutionException busy) {
                    break;
                }
            }
            batch.run();
        } catch (Throwable e) {
            batch.failedAt(-1, e, Thread.currentThread());
        } finally {
            awaitAll(started, batch);
        }
        batch.rethrow();
    }

    // the caller gets here once every index was taken or the batch failed, so the helpers end within one file each:
    // waiting for them, interrupted or not, keeps the caller from returning (and releasing what guards their files)
    // while they still work
    private static void awaitAll(List<Future<?>> started, Batch batch) {
        boolean interrupted = false;
        for (Future<?> future : started) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    // the batch keeps whatever the work throws: only a failure of the pool itself gets here
                    batch.failedAt(-1, e.getCause(), Thread.currentThread());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One call's files, taken one at a time by whichever thread is free. */
    private static final class Batch {
        private final int count;
        private final IntConsumer work;
        private final ClassLoader contextLoader;
        private final Thread caller = Thread.currentThread();
        private final AtomicInteger next = new AtomicInteger();
        private volatile boolean failed;
        private int failedIndex = Integer.MAX_VALUE;
        private Throwable failure;
        private Thread failedOn;

        Batch(int count, IntConsumer work, ClassLoader contextLoader) {
            this.count = count;
            this.work = work;
            this.contextLoader = contextLoader;
        }

        void runAsHelper() {
            Thread thread = Thread.currentThread();
            ClassLoader own = thread.getContextClassLoader();
            thread.setContextClassLoader(contextLoader);
            try {
                run();
            } finally {
                thread.setContextClassLoader(own);
            }
        }

        void run() {
            int index;
            while (!failed && (index = next.getAndIncrement()) < count) {
                try {
                    work.accept(index);
                } catch (Throwable e) {
                    failedAt(index, e, Thread.currentThread());
                }
            }
        }

        synchronized void failedAt(int index, Throwable e, Thread thread) {
            boolean error = e instanceof Error;
            boolean keptError = failure instanceof Error;
            if (failure == null || (error && !keptError) || (error == keptError && index >= 0 && index < failedIndex)) {
                failedIndex = index < 0 ? failedIndex : index;
                failure = e;
                failedOn = thread;
            }
            failed = true;
        }

        synchronized void rethrow() {
            if (failure == null) {
                return;
            }
            if (failedOn != caller) {
                failure.addSuppressed(new Exception("rethrown on " + caller.getName() + " from " + failedOn.getName()));
            }
            FanOut.<RuntimeException>sneaky(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneaky(Throwable failure) throws T {
        throw (T) failure;
    }
}
