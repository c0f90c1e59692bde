package dev.kart.core.internal.schedule;

import dev.kart.core.BuildListener;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskRef;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.lock.HeldLock;
import dev.kart.task.CollisionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells one build's listener about its tasks' waits for their run locks
 * ({@link BuildListener#taskWaitingForRunLock}, {@link BuildListener#runLockWaitEnded}): who holds
 * the lock, looked up off the waiting worker right after the wait starts, again every
 * {@link #LOOK_AGAIN} (the first time after {@link #LOOK_SOON} when the first look could not name the holder) while
 * it lasts when the holder or its lease changed (a holder renews every third of its TTL), and when it ends; a wait over before its first look is not told of. A parked task's
 * wait that the build's interrupt cuts short is told as {@link BuildListener#runLockWaitStopped}: the
 * other node may hold the lock still, whatever the lock backend's watch says once it closes. For
 * {@link BuildListener#NONE} it does nothing at all: no lock is looked up, nothing is scheduled (at
 * DEBUG on {@code dev.kart.tasks} the build's listener is never {@code NONE}: {@link TaskEventLog} logs each wait).
 * Thread-safe.
 */
final class RunLockWaits {
    private static final Logger LOG = LoggerFactory.getLogger(RunLockWaits.class);
    /** How often a waiting task's lock is looked at again; BuildListener#taskWaitingForRunLock says it. */
    static final Duration LOOK_AGAIN = Duration.ofSeconds(5);
    /**
     * How soon the lock is looked at again when the first look found a holder the backend cannot name yet (token 0,
     * the Redisson binding's holder between its grant and its record): the record comes a moment later, and a
     * listener that says the wait after a delay (kart run's, after a second) then names the node rather than the
     * gap. Only the first look's: a holder that died before it recorded itself stays unnamed until its lease runs out.
     */
    static final Duration LOOK_SOON = Duration.ofMillis(500);
    /** Lease expiries closer than this are the same lease seen twice: the look itself takes time. */
    private static final Duration SAME_EXPIRY = Duration.ofSeconds(1);

    private final BuildListener listener;
    private final WorkerPool pool;
    // the parked tasks' waits not over yet: the build's interrupt stops them
    private final Set<Told> parked = ConcurrentHashMap.newKeySet();

    /**
     * @param listener the build's listener
     * @param pool the build's pool, whose timer schedules the looks again
     */
    RunLockWaits(BuildListener listener, WorkerPool pool) {
        this.listener = listener;
        this.pool = pool;
    }

    /** One task's wait, told of as it goes; its end is told once. */
    interface Wait {
        /**
         * The wait is over: the lock was taken or looks free, or the wait gave up. Idempotent.
         *
         * @param lockTaken whether the task holds its run lock now
         */
        void ended(boolean lockTaken);
    }

    private static final Wait UNHEARD = lockTaken -> {
    };

    /**
     * @param node the task that found its run lock held
     * @param policy {@link CollisionPolicy#WAIT} or {@link CollisionPolicy#DEFER}
     * @param limit how long a {@link CollisionPolicy#WAIT} waits at most ({@code kart.lock.wait-timeout});
     *     empty for {@link CollisionPolicy#DEFER}
     * @param lookup asks the lock backend who holds the lock now
     * @return the wait, told of with its holder once the first look (started here, off this thread) found
     *     it; end it when it is over
     */
    Wait started(TaskNode node, CollisionPolicy policy, Optional<Duration> limit, Supplier<Optional<HeldLock>> lookup) {
        if (listener == BuildListener.NONE) {
            return UNHEARD;
        }
        Instant since = Instant.now();
        Told told = new Told(new TaskRef(node.task(), node.uniqueId(), node.label()), policy, since,
                limit.map(since::plus), lookup);
        if (policy == CollisionPolicy.DEFER) {
            parked.add(told);
        }
        // the first look too is off the calling worker: a deferred task's worker goes on to the next task
        // at once rather than after a round trip to the lock server and the listener's first line
        ForkJoinPool.commonPool().execute(() -> {
            // an interrupted build's parked waits end unannounced: none is told of after it stopped
            if (!pool.closed()) {
                Optional<RunLockWait.Holder> first = told.look();
                lookAgainLater(told, first.filter(holder -> !holder.known()).isPresent() ? LOOK_SOON
                        : LOOK_AGAIN);
            }
        });
        return told;
    }

    /**
     * The build was interrupted: every parked task's wait not over yet stops, told as
     * {@link BuildListener#runLockWaitStopped} when it was told of; its lock's release, or the lock
     * backend's watch ending as it closes, tells nothing more. Waits blocking a worker end with their
     * worker's interrupt.
     */
    void buildInterrupted() {
        for (Told told : parked) {
            told.stopped();
        }
    }

    private void lookAgainLater(Told told, Duration delay) {
        // the timer only hands the look on: a look is a round trip to the lock server
        pool.later(delay, () -> ForkJoinPool.commonPool().execute(() -> {
            if (!told.over()) {
                told.look();
                lookAgainLater(told, LOOK_AGAIN);
            }
        }));
    }

    /** A wait the listener hears of. */
    private final class Told implements Wait {
        private final TaskRef task;
        private final CollisionPolicy policy;
        private final Instant since;
        private final Optional<Instant> givesUpAt;
        private final Supplier<Optional<HeldLock>> lookup;
        private Optional<RunLockWait.Holder> shown;
        private boolean over;

        Told(TaskRef task, CollisionPolicy policy, Instant since, Optional<Instant> givesUpAt,
                Supplier<Optional<HeldLock>> lookup) {
            this.task = task;
            this.policy = policy;
            this.since = since;
            this.givesUpAt = givesUpAt;
            this.lookup = lookup;
        }

        /**
         * Looks the holder up; tells the listener when it is the first look or the holder changed.
         *
         * @return the holder the look found; empty when the lock looked free or the backend could not say
         */
        Optional<RunLockWait.Holder> look() {
            Optional<RunLockWait.Holder> holder = holder();
            synchronized (this) {
                if (over || (shown != null && same(shown, holder))) {
                    return holder;
                }
                shown = holder;
                tell(() -> listener.taskWaitingForRunLock(new RunLockWait(task, policy, since, holder, givesUpAt)));
                return holder;
            }
        }

        synchronized boolean over() {
            return over;
        }

        @Override
        public synchronized void ended(boolean lockTaken) {
            if (over) {
                return;
            }
            over = true;
            parked.remove(this);
            // a wait over before its first look was never told of: its end is not told either
            if (shown != null) {
                tell(() -> listener.runLockWaitEnded(task, lockTaken));
            }
        }

        /** The build was interrupted while the task was parked: it stops waiting, without the lock. */
        synchronized void stopped() {
            if (over) {
                return;
            }
            over = true;
            parked.remove(this);
            if (shown != null) {
                tell(() -> listener.runLockWaitStopped(task));
            }
        }

        private Optional<RunLockWait.Holder> holder() {
            try {
                Instant now = Instant.now();
                return lookup.get().map(held -> new RunLockWait.Holder(held.owner(), held.fencingToken(),
                        now.plus(held.ttlLeft()), held.key()));
            } catch (RuntimeException e) {
                // the wait goes on whatever the look found: the holder is then shown as unknown
                LOG.debug("could not look up the holder of the run lock of {}: {}", task.label(), e.toString());
                return Optional.empty();
            }
        }

        private void tell(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.warn("build listener failed on {}: {}", task.label(), e.toString());
            }
        }
    }

    private static boolean same(Optional<RunLockWait.Holder> shown, Optional<RunLockWait.Holder> seen) {
        if (shown.isEmpty() || seen.isEmpty()) {
            return shown.isEmpty() && seen.isEmpty();
        }
        RunLockWait.Holder before = shown.get();
        RunLockWait.Holder now = seen.get();
        return before.owner().equals(now.owner()) && before.fencingToken() == now.fencingToken()
                && Duration.between(before.leaseExpires(), now.leaseExpires()).abs().compareTo(SAME_EXPIRY) < 0;
    }
}
