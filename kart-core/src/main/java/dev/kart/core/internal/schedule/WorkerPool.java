package dev.kart.core.internal.schedule;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker threads of one build, and a timer for retries. Attempts wait for a worker in order,
 * except that a task coming back (a parked task whose run lock was released, a retry whose delay
 * is over) goes ahead of tasks not started yet: it usually finds its output made by the other node
 * and ends at once, unblocking its dependents. After {@link #close()} nothing more runs.
 */
final class WorkerPool implements AutoCloseable {
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final AtomicLong submissions = new AtomicLong();

    /** @param workerCount worker threads ({@code kart.workers}) */
    WorkerPool(int workerCount) {
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS,
                new PriorityBlockingQueue<>(), threads("kart-worker-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("kart-timer-"));
    }

    /**
     * @param attempt what a worker runs
     * @param comingBack whether the task was attempted before: it then goes ahead of the tasks not
     *     started yet
     */
    void submit(Runnable attempt, boolean comingBack) {
        try {
            workers.execute(new Queued(attempt, comingBack, submissions.getAndIncrement()));
        } catch (RejectedExecutionException e) {
            // the build was abandoned (interrupted); nothing more runs
        }
    }

    /**
     * @param delay how long to wait
     * @param action what to do then, on the timer thread (it should only submit)
     */
    void later(Duration delay, Runnable action) {
        try {
            timer.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the build was abandoned (interrupted); nothing more runs
        }
    }

    /** Stops the pool: running attempts are interrupted, queued ones and pending retries never run. */
    @Override
    public void close() {
        workers.shutdownNow();
        timer.shutdownNow();
    }

    /**
     * Waits for the attempts still running after {@link #close()} to end.
     *
     * @param grace how long to wait at most
     * @return whether every worker ended in time
     */
    boolean awaitStopped(Duration grace) {
        try {
            return workers.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An attempt waiting for a worker: tasks coming back first, then in the order submitted. */
    private record Queued(Runnable attempt, boolean comingBack, long sequence) implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            attempt.run();
        }

        @Override
        public int compareTo(Queued other) {
            if (comingBack != other.comingBack) {
                return comingBack ? -1 : 1;
            }
            return Long.compare(sequence, other.sequence);
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
