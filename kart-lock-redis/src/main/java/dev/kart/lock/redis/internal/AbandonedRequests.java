package dev.kart.lock.redis.internal;

import dev.kart.lock.LockException;
import dev.kart.lock.redis.RedisLockSettings;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lock requests whose outcome this process does not know, and the holds Redis may still grant them.
 * An acquire (or a release) whose reply never came, because the command timed out or the connection
 * dropped, may still be carried out: a frozen redis-server runs the commands queued in its sockets
 * when it resumes, and grants a lock to a request its sender gave up on. Nobody would renew or
 * release that lock, and the other nodes would wait a whole TTL for it.
 *
 * <p>So a binding hands each such request here, with a compare-and-delete of the request's own
 * holder id (unique per request, chosen by the client). It is run on a daemon thread: at once, again
 * every {@code retry} while Redis does not answer, and, once Redis answered that it has no such hold,
 * again at growing intervals (from {@code retry}, doubling) until a TTL has passed since that first
 * answer, since the request may still be on its way on another connection. A request is forgotten
 * when its hold was deleted, when that TTL has passed (a hold granted before Redis answered has
 * expired by then), or when this is closed. Thread-safe.
 */
public final class AbandonedRequests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedRequests.class);

    /** A binding's compare-and-delete of the hold of one request, by its holder id. */
    @FunctionalInterface
    public interface Cleanup {
        /**
         * Deletes the request's hold if Redis has it, in one round trip, leaving every other holder's
         * alone; wakes the key's waiters as a release does.
         *
         * @return true when it deleted a hold, false when Redis has none for this request
         * @throws RuntimeException (such as {@link LockException}) when Redis did not answer; the
         *     cleanup is tried again
         */
        boolean deleteIfHeld();
    }

    private final Duration ttl;
    private final Duration retry;
    private final Duration closeWait;
    private final MonotonicClock clock;
    private final ScheduledExecutorService cleaner;
    /** Ordered by when each is next tried; guarded by this. */
    private final PriorityQueue<Request> waiting = new PriorityQueue<>(Comparator.comparingLong(Request::dueAt));
    private ScheduledFuture<?> nextSweep;
    private long nextSweepAt;
    private long quietUntil;
    private boolean sweeping;
    private boolean closed;

    /**
     * @param ttl the lease TTL: how long a hold granted to a request lasts without renewal
     * @param retry how long after an unanswered cleanup the next is tried, and the first interval
     *     between checks after Redis answered
     * @param closeWait how long {@link #close()} waits at most for its last tries
     * @param clock the clock the intervals are measured on
     * @param threadName the name of the cleanup thread
     */
    public AbandonedRequests(Duration ttl, Duration retry, Duration closeWait, MonotonicClock clock, String threadName) {
        this.ttl = ttl;
        this.retry = retry.isNegative() || retry.isZero() ? Duration.ofMillis(1) : retry;
        this.closeWait = closeWait;
        this.clock = clock;
        this.cleaner = DaemonThreads.scheduler(threadName, 1);
        if (cleaner instanceof ThreadPoolExecutor pool) {
            // started now, not at the first lost reply: one thread for the backend's whole life. (A thread
            // ending when idle would not do: the checks queued for a TTL after an outage keep it alive.)
            pool.prestartAllCoreThreads();
        }
        this.quietUntil = clock.nanos();
    }

    /**
     * The abandoned requests of one backend, on the system clock: a hold granted to a request lasts
     * the lease TTL, an unanswered cleanup is tried again after the fallback poll, and {@link #close()}
     * waits at most two command timeouts for its last tries.
     *
     * @param settings the backend's settings
     * @param threadName the name of the cleanup thread
     * @return the backend's abandoned requests; closing the backend closes them
     */
    public static AbandonedRequests of(RedisLockSettings settings, String threadName) {
        return new AbandonedRequests(settings.lease().ttl(), settings.fallbackPoll(), settings.commandTimeout().multipliedBy(2),
                MonotonicClock.SYSTEM, threadName);
    }

    /**
     * @param failure why a request got no reply
     * @return false when the request certainly never reached Redis (the connection was refused), so
     *     nothing is left to clean up; true otherwise
     */
    public static boolean maybeCarriedOut(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (current instanceof ConnectException) {
                return false;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return true;
    }

    /**
     * Remembers a request whose reply never came and starts cleaning up after it.
     *
     * @param action what the request did, such as {@code acquiring}, for the log
     * @param key the lock key
     * @param holder the request's holder id, for the log
     * @param cleanup the compare-and-delete of its hold
     */
    public void abandon(String action, String key, String holder, Cleanup cleanup) {
        synchronized (this) {
            if (closed) {
                return;
            }
            waiting.add(new Request(action, key, holder, cleanup, clock.nanos()));
            if (!sweeping) {
                scheduleSweep(Math.max(clock.nanos(), quietUntil));
            }
        }
        LOG.warn("no reply from Redis to {} {} (holder {}); should Redis still carry it out, the hold is deleted once"
                + " Redis answers again", action, key, holder);
    }

    /** @return how many requests are still being cleaned up after */
    public synchronized int pending() {
        return waiting.size() + (sweeping ? 1 : 0);
    }

    /**
     * Stops the cleanup thread after one last try for each request, so that a process ending right
     * after Redis came back leaves no hold behind; the tries stop at the first that gets no answer,
     * and this waits for them at most the {@code closeWait} given. Holds still left expire after
     * their TTL.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (nextSweep != null) {
                nextSweep.cancel(false);
            }
        }
        Future<?> last;
        try {
            // on the cleanup thread, after a cleanup under way, whose request it tries once more
            last = cleaner.submit(this::lastTries);
        } catch (RejectedExecutionException e) {
            return;
        } finally {
            cleaner.shutdown();
        }
        try {
            last.get(closeWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the last cleanup after lock requests without a reply did not end within {} ms; holds Redis may"
                    + " have granted them expire after their TTL", closeWait.toMillis());
        }
    }

    private void lastTries() {
        List<Request> left;
        synchronized (this) {
            left = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (Request request : left) {
            try {
                deleted(request, request.cleanup.deleteIfHeld());
            } catch (RuntimeException e) {
                LOG.warn("could not delete a hold Redis may have granted to {} {} (holder {}); it expires after its TTL:"
                        + " {}", request.action, request.key, request.holder, e.getMessage());
                return;
            }
        }
    }

    private void scheduleSweep(long at) {
        if (nextSweep != null && !nextSweep.isDone() && nextSweepAt <= at) {
            return;
        }
        if (nextSweep != null) {
            nextSweep.cancel(false);
        }
        try {
            nextSweep = cleaner.schedule(this::sweep, Math.max(0, at - clock.nanos()), TimeUnit.NANOSECONDS);
            nextSweepAt = at;
        } catch (RejectedExecutionException e) {
            nextSweep = null;
        }
    }

    /** Tries every request that is due, until Redis does not answer one. */
    private void sweep() {
        synchronized (this) {
            sweeping = true;
            nextSweep = null;
        }
        try {
            while (true) {
                Request request;
                synchronized (this) {
                    request = waiting.peek();
                    if (closed || request == null || request.dueAt - clock.nanos() > 0) {
                        return;
                    }
                    waiting.poll();
                }
                long startedAt = clock.nanos();
                boolean answered = attempt(request, startedAt);
                if (!answered) {
                    return;
                }
            }
        } finally {
            synchronized (this) {
                sweeping = false;
                if (!closed && !waiting.isEmpty()) {
                    scheduleSweep(Math.max(waiting.peek().dueAt, quietUntil));
                }
            }
        }
    }

    /** @return whether Redis answered */
    private boolean attempt(Request request, long startedAt) {
        boolean deleted;
        try {
            deleted = request.cleanup.deleteIfHeld();
        } catch (RuntimeException e) {
            synchronized (this) {
                // Redis does not answer: the other requests wait too rather than each time out in turn
                quietUntil = startedAt + retry.toNanos();
                request.dueAt = quietUntil;
                // kept when closing too: the last tries take it up
                waiting.add(request);
            }
            LOG.debug("cleanup after {} {} (holder {}) got no answer either; trying again: {}", request.action,
                    request.key, request.holder, e.getMessage());
            return false;
        }
        if (deleted) {
            deleted(request, true);
            return true;
        }
        long now = clock.nanos();
        if (request.firstAnswerAt == Request.NOT_YET) {
            request.firstAnswerAt = now;
        }
        if (now - request.firstAnswerAt >= ttl.toNanos()) {
            // any hold granted to it before Redis first answered has expired by now
            return true;
        }
        request.dueAt = now + request.recheck;
        request.recheck = Math.min(request.recheck * 2, ttl.toNanos());
        synchronized (this) {
            waiting.add(request);
        }
        return true;
    }

    private static void deleted(Request request, boolean deleted) {
        if (deleted) {
            LOG.warn("deleted the hold Redis granted to {} {} (holder {}) after its request had been given up",
                    request.action, request.key, request.holder);
        }
    }

    /** One request whose reply never came; its timing fields change only while it is out of the queue. */
    private final class Request {
        static final long NOT_YET = Long.MIN_VALUE;

        final String action;
        final String key;
        final String holder;
        final Cleanup cleanup;
        long dueAt;
        long firstAnswerAt = NOT_YET;
        long recheck = retry.toNanos();

        Request(String action, String key, String holder, Cleanup cleanup, long dueAt) {
            this.action = action;
            this.key = key;
            this.holder = holder;
            this.cleanup = cleanup;
            this.dueAt = dueAt;
        }

        long dueAt() {
            return dueAt;
        }
    }
}
