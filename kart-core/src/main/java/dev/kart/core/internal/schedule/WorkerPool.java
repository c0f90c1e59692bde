package dev.kart.core.internal.schedule;

import dev.kart.core.internal.graph.TaskNode;
import java.time.Duration;
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
 * The worker threads of one build, and a timer for retries. Attempts wait for a worker in this
 * node's {@link TaskOrder}, except that a task coming back (a parked task whose run lock was
 * released, a retry whose delay is over) goes ahead of tasks not started yet: it usually finds its
 * output made by the other node and ends at once, unblocking its dependents. The workers start only
 * at {@link #start()}, once the tasks ready at the start are all queued, so that even the first
 * ones taken follow the order. After {@link #close()} nothing more runs.
 */
final class WorkerPool implements AutoCloseable {
    private final TaskOrder order;
    private final PriorityBlockingQueue<Runnable> queue = new PriorityBlockingQueue<>();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timer;
    private final AtomicLong submissions = new AtomicLong();
    private volatile boolean started;

    /**
     * @param workerCount worker threads ({@code kart.workers})
     * @param order the order in which tasks that are ready together start
     */
    WorkerPool(int workerCount, TaskOrder order) {
        this.order = order;
        this.workers = new ThreadPoolExecutor(workerCount, workerCount, 0, TimeUnit.MILLISECONDS, queue,
                threads("kart-worker-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("kart-timer-"));
    }

    /**
     * @param node the task
     * @param attempt what a worker runs
     * @param comingBack whether the task was attempted before: it then goes ahead of the tasks not
     *     started yet
     */
    void submit(TaskNode node, Runnable attempt, boolean comingBack) {
        Queued queued = new Queued(attempt, comingBack, comingBack ? 0 : order.place(node), submissions.getAndIncrement());
        if (!started) {
            // Before start() only the build's own thread submits. Executing would hand this task
            // straight to a new worker thread, ahead of the ones still to come.
            queue.add(queued);
            return;
        }
        try {
            workers.execute(queued);
        } catch (RejectedExecutionException e) {
            // the build was abandoned (interrupted); nothing more runs
        }
    }

    /** Starts the workers on what is queued: call once, after submitting the tasks ready at the start. */
    void start() {
        started = true;
        if (!queue.isEmpty()) {
            // nothing queued means nothing was ready: the build is over before it began
            workers.prestartAllCoreThreads();
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

    /** @return whether the pool was stopped ({@link #close}): its build was interrupted or is over */
    boolean closed() {
        return timer.isShutdown();
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

    /**
     * An attempt waiting for a worker: tasks coming back first, in the order they came back; then
     * the others by their place in the {@link TaskOrder}, equal places in the order submitted.
     */
    private record Queued(Runnable attempt, boolean comingBack, long place, long sequence)
            implements Runnable, Comparable<Queued> {
        @Override
        public void run() {
            attempt.run();
        }

        @Override
        public int compareTo(Queued other) {
            if (comingBack != other.comingBack) {
                return comingBack ? -1 : 1;
            }
            int byPlace = Long.compare(place, other.place);
            return byPlace != 0 ? byPlace : Long.compare(sequence, other.sequence);
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
