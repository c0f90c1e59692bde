package dev.kart.lock.redis.internal;

import dev.kart.internal.text.DurationText;
import dev.kart.lock.LockException;
import dev.kart.lock.redis.RedisLockSettings;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * expired by then), or when this is closed; the keys of those closing left unsettled are
 * {@link #unconfirmed()}.
 *
 * <p>A client that follows sentinels also has releases to hand on ({@link #primary}): a release the
 * old primary confirmed but never replicated comes back on the replica the sentinels promote, and
 * would keep the lock from every other node for a TTL. So, once a client names a primary, the
 * releases of the last TTL are remembered (the newest {@value #REMEMBERED_RELEASES} at most) and, when
 * the primary changes, sent once more to the new one, as are the requests still waiting here; a
 * release whose connection was refused is sent again until Redis answers ({@link #resend}).
 * Thread-safe.
 */
public final class AbandonedRequests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedRequests.class);
    /** Enough for a TTL of releases at the pace of a busy build; an older one is not sent again. */
    static final int REMEMBERED_RELEASES = 65_536;
    private static final long NEVER = Long.MIN_VALUE;

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
     * When a request last got no answer, on the clock: one handed on here, or a cleanup that timed out; {@link #NEVER}
     * before the first. Guarded by this.
     */
    private long lastUnansweredAt = NEVER;
    /** When a cleanup last got Redis's answer, on the clock; {@link #NEVER} before the first. Guarded by this. */
    private long lastAnsweredAt = NEVER;
    /**
     * The requests handed on whose holds Redis has not been seen to delete or not to have: until then this process
     * may hold their keys. Also those handed on after closing, which no one tries any more, and those a try is under
     * way for, which {@link #waiting} does not hold meanwhile.
     */
    private final Set<Request> unsettled = ConcurrentHashMap.newKeySet();
    /** The primary the client named last; null while it names none (one server, a cluster). */
    private volatile String primary;
    /** Releases Redis confirmed within the last TTL, oldest first, kept while a primary is named; guarded by this. */
    private final ArrayDeque<Release> released = new ArrayDeque<>();

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
     * waits at most one command timeout (and a second) for its last tries, and not at all once a request got no
     * answer within that time, so that a stop (Ctrl-C) while Redis does not answer ends about one command timeout
     * after its tasks stopped.
     *
     * @param settings the backend's settings
     * @param threadName the name of the cleanup thread
     * @return the backend's abandoned requests; closing the backend closes them
     */
    public static AbandonedRequests of(RedisLockSettings settings, String threadName) {
        // a second over the timeout: a last try that times out ends within the wait, and says so itself
        return new AbandonedRequests(settings.lease().ttl(), settings.fallbackPoll(), settings.commandTimeout().plusSeconds(1),
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
            if (current instanceof ConnectException || refusal(current)) {
                return false;
            }
            // Jedis keeps the socket's error as a suppressed one
            for (Throwable suppressed : current.getSuppressed()) {
                if (suppressed instanceof ConnectException || suppressed.getCause() instanceof ConnectException) {
                    return false;
                }
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return true;
    }

    /**
     * @param failure a lock request's error
     * @return whether Redis answered it with an error reply that refused it whole: a key of the wrong kind (a node on
     *     the other binding), a user without the permission. Nothing was carried out, so nothing is to be cleaned up
     *     or sent again: the same request would be refused again.
     */
    public static boolean refusedByRedis(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (refusal(current)) {
                return true;
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return false;
    }

    private static boolean refusal(Throwable error) {
        String message = error.getMessage();
        return message != null && (message.startsWith("WRONGTYPE") || message.startsWith("NOPERM"));
    }

    /**
     * Remembers a request whose reply never came and starts cleaning up after it.
     *
     * @param action what the request did, such as {@code acquiring}, for the log
     * @param key the lock key
     * @param holder the request's holder id, for the log
     * @param failure why it got no reply: one that timed out ({@link RedisFailures#unanswered}) tells that Redis is
     *     not answering now, which {@link #close()} takes into account
     * @param cleanup the compare-and-delete of its hold
     */
    public void abandon(String action, String key, String holder, Throwable failure, Cleanup cleanup) {
        handOn(action, key, holder, failure, cleanup);
        LOG.warn("{} {} (holder {}) got no clear answer from Redis; should Redis still carry it out, the hold is deleted"
                + " once Redis answers again", action, key, holder);
    }

    /**
     * {@link #abandon} of the requests of one round trip (a pipeline, or calls sent together), told in one log line.
     *
     * @param action what the requests did, such as {@code acquiring}, for the log
     * @param requests the requests, at least one
     * @param failure why they got no reply, as for {@link #abandon}
     */
    public void abandonAll(String action, List<Sent> requests, Throwable failure) {
        for (Sent request : requests) {
            handOn(action, request.key(), request.holder(), failure, request.cleanup());
        }
        Sent first = requests.get(0);
        if (requests.size() == 1) {
            LOG.warn("{} {} (holder {}) got no clear answer from Redis; should Redis still carry it out, the hold is"
                    + " deleted once Redis answers again", action, first.key(), first.holder());
            return;
        }
        LOG.warn("{} {} (holder {}) and {} more keys sent with it got no clear answer from Redis; should Redis still carry"
                + " them out, the holds are deleted once Redis answers again", action, first.key(), first.holder(),
                requests.size() - 1);
    }

    /**
     * One request of a round trip that carried several.
     *
     * @param key the lock key
     * @param holder the request's holder id
     * @param cleanup the compare-and-delete of its hold
     */
    public record Sent(String key, String holder, Cleanup cleanup) {
    }

    private void handOn(String action, String key, String holder, Throwable failure, Cleanup cleanup) {
        Request request = new Request(action, key, holder, cleanup, clock.nanos());
        unsettled.add(request);
        synchronized (this) {
            if (RedisFailures.unanswered(failure)) {
                lastUnansweredAt = clock.nanos();
            }
            if (closed) {
                return;
            }
            waiting.add(request);
            if (!sweeping) {
                scheduleSweep(Math.max(clock.nanos(), quietUntil));
            }
        }
    }

    /**
     * Hands on a request that certainly did not reach Redis (its connection was refused), so its hold,
     * if any, is still there: it is sent again every {@code retry} until Redis answers once.
     *
     * @param action what the request did, such as {@code releasing}, for the log
     * @param key the lock key
     * @param holder the request's holder id, for the log
     * @param cleanup the compare-and-delete of its hold
     */
    public void resend(String action, String key, String holder, Cleanup cleanup) {
        queueResend(action, key, holder, cleanup);
        LOG.warn("could not reach Redis for {} {} (holder {}); sending it again once Redis answers", action, key, holder);
    }

    /**
     * {@link #resend} of the requests of one round trip, told in one log line.
     *
     * @param action what the requests did, such as {@code releasing}, for the log
     * @param requests the requests, at least one
     */
    public void resendAll(String action, List<Sent> requests) {
        for (Sent request : requests) {
            queueResend(action, request.key(), request.holder(), request.cleanup());
        }
        Sent first = requests.get(0);
        LOG.warn("could not reach Redis for {} {} (holder {}){}; sending {} again once Redis answers", action, first.key(),
                first.holder(), requests.size() == 1 ? "" : " and " + (requests.size() - 1) + " more keys sent with it",
                requests.size() == 1 ? "it" : "them");
    }

    private void queueResend(String action, String key, String holder, Cleanup cleanup) {
        Request request = new Request(action, key, holder, cleanup, clock.nanos(), true);
        unsettled.add(request);
        synchronized (this) {
            if (closed) {
                return;
            }
            waiting.add(request);
            if (!sweeping) {
                scheduleSweep(Math.max(clock.nanos(), quietUntil));
            }
        }
    }

    /**
     * Notes a release Redis confirmed, to send it again should the primary change within a TTL; does
     * nothing until a primary was named ({@link #primary}), so one server or a cluster pays nothing.
     *
     * @param key the lock key
     * @param holder the released hold's holder id
     * @param cleanup the compare-and-delete of that hold
     */
    public void released(String key, String holder, Cleanup cleanup) {
        if (primary == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = clock.nanos();
            forgetReleasesBefore(now - ttl.toNanos());
            if (released.size() == REMEMBERED_RELEASES) {
                released.removeFirst();
            }
            released.addLast(new Release(key, holder, cleanup, now));
        }
    }

    /**
     * Notes the primary a client that follows sentinels is about to use. When it differs from the
     * last one named, the releases of the last TTL are sent to it once, and the requests waiting here
     * are tried on it at once.
     *
     * @param address the primary's address
     */
    public void primary(String address) {
        int resent;
        synchronized (this) {
            String before = primary;
            primary = address;
            if (closed || before == null || before.equals(address)) {
                return;
            }
            long now = clock.nanos();
            forgetReleasesBefore(now - ttl.toNanos());
            resent = released.size();
            for (Release release : released) {
                Request again = new Request("releasing on the new primary", release.key, release.holder,
                        release.cleanup, now, true);
                unsettled.add(again);
                waiting.add(again);
            }
            released.clear();
            List<Request> due = new ArrayList<>(waiting);
            waiting.clear();
            due.forEach(request -> request.dueAt = now);
            waiting.addAll(due);
            quietUntil = now;
            // what the old primary left unanswered says nothing of the new one: closing still tries on it
            lastUnansweredAt = NEVER;
            if (!sweeping) {
                scheduleSweep(now);
            }
        }
        if (resent > 0) {
            LOG.info("the Redis primary is now {}: sending the {} releases of the last {} (the lease TTL) to it again,"
                    + " in case replication had not carried them over", address, resent, DurationText.configValue(ttl));
        }
    }

    private void forgetReleasesBefore(long oldest) {
        while (!released.isEmpty() && released.peekFirst().at - oldest < 0) {
            released.removeFirst();
        }
    }

    /** @return how many requests are still being cleaned up after */
    public synchronized int pending() {
        return waiting.size() + (sweeping ? 1 : 0);
    }

    /**
     * Stops the cleanup thread after one last try for each request, so that a process ending right
     * after Redis came back leaves no hold behind; the tries stop at the first that gets no answer,
     * and none is made once a request got no answer within the {@code closeWait} given (Redis is not
     * answering now, and each try would wait a command timeout in vain: a stop while Redis is frozen
     * would take that much longer). This waits for them at most that {@code closeWait}. Holds still
     * left expire after their TTL, and {@link #unconfirmed()} names their keys.
     */
    @Override
    public void close() {
        boolean unanswered;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (nextSweep != null) {
                nextSweep.cancel(false);
            }
            unanswered = unansweredLately();
        }
        if (unanswered) {
            cleaner.shutdown();
            List<Request> left = new ArrayList<>(unsettled);
            if (!left.isEmpty()) {
                warnLeft("a lock request got no answer from Redis in the last " + DurationText.configValue(closeWait), left, "");
            }
            return;
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
            LOG.warn("the last cleanup after lock requests without a reply did not end within {}; holds Redis may"
                    + " have granted them expire after their TTL", DurationText.configValue(closeWait));
        }
    }

    /**
     * @return whether a request got no answer within the close's wait, and no cleanup an answer since (Redis came back:
     *     the last tries are worth their wait then); called holding this
     */
    private boolean unansweredLately() {
        return lastUnansweredAt != NEVER && (lastAnsweredAt == NEVER || lastUnansweredAt - lastAnsweredAt > 0)
                && clock.nanos() - lastUnansweredAt < closeWait.toNanos();
    }

    /**
     * Counts a release among {@link #unconfirmed()} while it is under way, so that a process closing while one waits
     * for Redis (a task's worker still releasing when the interrupt grace is over) names its key; a release that gets
     * no answer is handed on ({@link #abandon}, {@link #resend}) before the returned handle is closed.
     *
     * @param key the lock key
     * @param holder the holder id released
     * @return the handle to tell once the release ended, whatever its outcome
     */
    public Releasing releasing(String key, String holder) {
        Request request = new Request("releasing", key, holder, () -> false, clock.nanos());
        unsettled.add(request);
        return new Releasing(request);
    }

    /** A release under way ({@link #releasing}). */
    public final class Releasing {
        private final Request request;

        private Releasing(Request request) {
            this.request = request;
        }

        /** Says the release ended: answered, or handed on here without an answer. */
        public void ended() {
            unsettled.remove(request);
        }
    }

    /**
     * @return after {@link #close()}, the keys of the requests handed on whose holds were neither deleted nor found
     *     gone (the last tries got no answer, or did not end within the close's wait): this process may still hold
     *     them until their TTL runs out; empty when every one was settled
     */
    public List<String> unconfirmed() {
        return unsettled.stream().map(request -> request.key).distinct().toList();
    }

    private void lastTries() {
        List<Request> left;
        boolean unanswered;
        synchronized (this) {
            left = new ArrayList<>(waiting);
            waiting.clear();
            released.clear();
            // the cleanup under way as closing began, which this waited for, may have got no answer
            unanswered = unansweredLately();
        }
        if (unanswered) {
            if (!left.isEmpty()) {
                warnLeft("Redis did not answer the cleanup under way when closing", left, "");
            }
            return;
        }
        for (int i = 0; i < left.size(); i++) {
            Request request = left.get(i);
            try {
                deleted(request, request.cleanup.deleteIfHeld());
                unsettled.remove(request);
            } catch (RuntimeException e) {
                // Redis does not answer: the others would each wait for their timeout in vain
                warnLeft("Redis did not answer the last cleanup before closing", left.subList(i, left.size()),
                        ": " + e.getMessage());
                return;
            }
        }
    }

    /** Names the keys of requests no last try settles, which {@link #unconfirmed()} lists too. */
    private static void warnLeft(String why, List<Request> left, String error) {
        List<String> keys = left.stream().map(r -> r.key).distinct().toList();
        LOG.warn("{}; {} lock{} this process may still hold there expire{} after the TTL: {}{}", why, keys.size(),
                keys.size() == 1 ? "" : "s", keys.size() == 1 ? "s" : "",
                String.join(", ", keys.subList(0, Math.min(keys.size(), 10))) + (keys.size() > 10 ? ", ..." : ""), error);
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
                if (RedisFailures.unanswered(e)) {
                    lastUnansweredAt = clock.nanos();
                }
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
        synchronized (this) {
            lastAnsweredAt = clock.nanos();
        }
        if (deleted) {
            deleted(request, true);
            unsettled.remove(request);
            return true;
        }
        if (request.endsAtAnswer) {
            unsettled.remove(request);
            return true;
        }
        long now = clock.nanos();
        if (request.firstAnswerAt == Request.NOT_YET) {
            request.firstAnswerAt = now;
        }
        if (now - request.firstAnswerAt >= ttl.toNanos()) {
            // any hold granted to it before Redis first answered has expired by now
            unsettled.remove(request);
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
        if (deleted && (request.endsAtAnswer || request.action.startsWith("releasing"))) {
            LOG.warn("released {} (holder {}) once Redis answered again: it still had the hold", request.key,
                    request.holder);
        } else if (deleted) {
            LOG.warn("deleted the hold Redis granted to {} {} (holder {}) after its request had been given up",
                    request.action, request.key, request.holder);
        }
    }

    /** A release Redis confirmed, at the clock's reading {@code at}. */
    private record Release(String key, String holder, Cleanup cleanup, long at) {
    }

    /** One request whose reply never came; its timing fields change only while it is out of the queue. */
    private final class Request {
        static final long NOT_YET = Long.MIN_VALUE;

        final String action;
        final String key;
        final String holder;
        final Cleanup cleanup;
        /** Whether the first answer ends it: a request known not to be on its way to Redis any more. */
        final boolean endsAtAnswer;
        long dueAt;
        long firstAnswerAt = NOT_YET;
        long recheck = retry.toNanos();

        Request(String action, String key, String holder, Cleanup cleanup, long dueAt) {
            this(action, key, holder, cleanup, dueAt, false);
        }

        Request(String action, String key, String holder, Cleanup cleanup, long dueAt, boolean endsAtAnswer) {
            this.action = action;
            this.key = key;
            this.holder = holder;
            this.cleanup = cleanup;
            this.dueAt = dueAt;
            this.endsAtAnswer = endsAtAnswer;
        }

        long dueAt() {
            return dueAt;
        }
    }
}
