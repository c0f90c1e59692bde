package dev.kart.core.internal.schedule;

import dev.kart.lock.Lease;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stops a {@code run()} that must not go on: its run lease was lost (renewal failed, the lock server
 * lost its data, the TTL ran out), or its task timeout passed. It interrupts the thread running
 * {@code run()} and remembers why, so the attempt fails with the right error. Checks every
 * {@value #TICK_MILLIS} ms on one daemon thread, started when the first attempt needs watching;
 * {@link Lease#isHeld()} is answered locally, so a check costs no round trip. Thread-safe.
 */
@Singleton
final class AttemptWatchdog implements AutoCloseable {
    /** How often leases and deadlines are checked: how late, at most, a task learns it must stop. */
    static final long TICK_MILLIS = 50;

    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService ticks;
    private boolean closed;

    /**
     * Starts watching the calling thread's {@code run()}.
     *
     * @param runLease the run lease it works under, if any
     * @param timeout its task timeout, if any
     * @return the watch, to close right after {@code run()} returns, on the same thread; empty when
     *     there is nothing to watch
     */
    Optional<Watch> watch(Optional<Lease> runLease, Optional<Duration> timeout) {
        if (runLease.isEmpty() && timeout.isEmpty()) {
            return Optional.empty();
        }
        long deadline = timeout.map(limit -> System.nanoTime() + limit.toNanos()).orElse(Long.MAX_VALUE);
        Watch watch = new Watch(Thread.currentThread(), runLease, deadline);
        watches.add(watch);
        startTicking();
        return Optional.of(watch);
    }

    /** Stops checking; attempts still watched run unwatched to their end. */
    @Override
    public synchronized void close() {
        closed = true;
        if (ticks != null) {
            ticks.shutdownNow();
        }
    }

    private synchronized void startTicking() {
        if (ticks != null || closed) {
            return;
        }
        ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kart-attempt-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        ticks.scheduleWithFixedDelay(this::checkAll, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void checkAll() {
        long now = System.nanoTime();
        for (Watch watch : watches) {
            watch.check(now);
        }
    }

    /** Why a watched {@code run()} was stopped. */
    sealed interface Stop permits LeaseLost, TimedOut {
    }

    /** @param lease the run lease that was lost */
    record LeaseLost(Lease lease) implements Stop {
    }

    /** The task timeout passed. */
    record TimedOut() implements Stop {
    }

    /** One {@code run()} watched. */
    final class Watch implements AutoCloseable {
        private final Thread thread;
        private final Optional<Lease> runLease;
        private final long deadline;
        private Stop stopped;
        private boolean ended;

        Watch(Thread thread, Optional<Lease> runLease, long deadline) {
            this.thread = thread;
            this.runLease = runLease;
            this.deadline = deadline;
        }

        synchronized void check(long now) {
            if (ended || stopped != null) {
                return;
            }
            if (runLease.isPresent() && !runLease.get().isHeld()) {
                stopped = new LeaseLost(runLease.get());
            } else if (now - deadline >= 0) {
                stopped = new TimedOut();
            } else {
                return;
            }
            thread.interrupt();
        }

        /** @return why {@code run()} was stopped, if it was */
        synchronized Optional<Stop> stopped() {
            return Optional.ofNullable(stopped);
        }

        /**
         * Ends the watch; called on the thread that ran {@code run()}, so an interrupt this watch sent
         * that {@code run()} did not consume is cleared and does not hit the worker's next task.
         */
        @Override
        public synchronized void close() {
            ended = true;
            watches.remove(this);
            if (stopped != null) {
                Thread.interrupted();
            }
        }
    }
}
