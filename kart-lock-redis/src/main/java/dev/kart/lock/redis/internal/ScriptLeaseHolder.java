package dev.kart.lock.redis.internal;

import dev.kart.lock.Lease;
import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A binding's side of one lease held by kart's lock protocol ({@link LockScripts}), or of one acquire
 * whose reply never came: every lock of the Jedis binding, the cache locks of the Redisson binding.
 * Its holder id ({@link HolderIds}: chosen by the client, unique per request) is what acquire.lua
 * writes after the token and the time, and what release.lua and renew.lua compare before touching the
 * key, so it never touches a lease that passed to another holder, and can delete the hold of a
 * request whose reply was lost. Immutable.
 */
public final class ScriptLeaseHolder implements LeaseHolder {
    private static final Long DONE = 1L;

    /** How a binding runs release.lua or renew.lua, in one round trip. */
    @FunctionalInterface
    public interface Eval {
        /**
         * @param script the script
         * @param action what is being done, for the error message: {@code releasing}, {@code renewing}
         * @param keys its keys
         * @param args its arguments
         * @return its integer reply, as a Long
         * @throws LockException when Redis fails, times out or cannot be reached
         */
        Object eval(LuaScript script, String action, List<String> keys, List<String> args);
    }

    /** How a binding runs one script many times in one round trip (a pipeline), for {@link #releaseAll}. */
    @FunctionalInterface
    public interface EvalAll {
        /**
         * @param script the script
         * @param action what is being done, for the error messages: {@code releasing}, {@code acquiring}
         * @param keys each call's keys, the lock key first
         * @param args each call's arguments, as many lists as {@code keys}
         * @return each call's reply, in order, as {@link Eval} returns it; in place of the reply of a call Redis answered
         *     with an error, the {@link LockException} that call alone would have thrown; null when the binding cannot
         *     send a pipeline through its client, nothing sent
         * @throws LockException when the round trip failed as a whole: Redis timed out or could not be reached
         */
        List<Object> evalAll(LuaScript script, String action, List<List<String>> keys, List<List<String>> args);
    }

    private final Eval eval;
    private final String key;
    private final LockMode mode;
    private final String holder;
    private final long ttlMillis;
    private final AbandonedRequests abandoned;

    /**
     * @param eval how the binding runs the scripts
     * @param key the lock key
     * @param mode how it is (or was asked to be) held
     * @param holder the holder id sent with the acquire
     * @param ttlMillis the lease TTL
     * @param abandoned where a request whose reply never came is handed on
     */
    public ScriptLeaseHolder(Eval eval, String key, LockMode mode, String holder, long ttlMillis, AbandonedRequests abandoned) {
        this.eval = eval;
        this.key = key;
        this.mode = mode;
        this.holder = holder;
        this.ttlMillis = ttlMillis;
        this.abandoned = abandoned;
    }

    /** Renews it to a full TTL (renew.lua: compare-and-pexpire, never shortening a shared key). */
    @Override
    public long keepAlive() {
        Object extended = eval.eval(LockScripts.RENEW, "renewing", List.of(key),
                List.of(LockScripts.modeArgument(mode), holder, Long.toString(ttlMillis)));
        return DONE.equals(extended) ? ttlMillis : -1;
    }

    /**
     * Releases it (release.lua: compare-and-delete, then the release notification); never throws. While
     * under way it counts as not confirmed ({@link AbandonedRequests#releasing}). A release without a reply,
     * or whose connection was refused, is handed to the backend's {@link AbandonedRequests}, as is a
     * confirmed one, to be sent again should the primary change.
     */
    @Override
    public void release() {
        AbandonedRequests.Releasing underWay = abandoned.releasing(key, holder);
        try {
            released(deleteIfHeld());
        } catch (LockException | IllegalStateException e) {
            releaseFailed(e);
        } finally {
            // after a release without an answer was handed on, so that its key is counted unconfirmed throughout
            underWay.ended();
        }
    }

    /**
     * Releases several leases in one round trip, each as {@link Lease#close()} would release it on its own:
     * a lease of kart's lock protocol (a {@link LeaseKeeper}'s, held by a {@code ScriptLeaseHolder}) by
     * release.lua in one pipeline with the others, each reply, error or lost round trip settled as {@link #release()}
     * settles its own; any other lease, and one closed before, by its {@code close()}. Never throws.
     *
     * @param leases leases of one backend
     * @param evalAll how that backend's binding runs a pipeline of scripts
     * @param backend that backend's requests without a reply: a lease of another backend (given by mistake), which
     *     {@code evalAll} may not reach, is released on its own
     */
    public static void releaseAll(List<? extends Lease> leases, EvalAll evalAll, AbandonedRequests backend) {
        List<ScriptLeaseHolder> holders = new ArrayList<>(leases.size());
        for (Lease lease : leases) {
            if (!(lease instanceof RedisLease granted)) {
                lease.close();
                continue;
            }
            LeaseHolder releasing = granted.closeLeavingRelease();
            if (releasing instanceof ScriptLeaseHolder held && held.abandoned == backend) {
                holders.add(held);
            } else if (releasing != null) {
                // a lease of no script (the Redisson binding's run lock) or of another backend, released on its own;
                // null: closed before
                releasing.release();
            }
        }
        releaseHolders(holders, evalAll);
    }

    /**
     * Releases the holds of several requests of one backend in one round trip (release.lua for each), as
     * {@link #release()} releases one: a grant undone, or the leases {@link #releaseAll} closed. Never throws; what
     * Redis did not answer is handed to the backend's {@link AbandonedRequests}, told in one log line.
     *
     * @param holders the holds, of one backend
     * @param evalAll how that backend's binding runs a pipeline of scripts
     */
    public static void releaseHolders(List<ScriptLeaseHolder> holders, EvalAll evalAll) {
        if (holders.size() == 1) {
            holders.get(0).release();
            return;
        }
        if (holders.isEmpty()) {
            return;
        }
        List<AbandonedRequests.Releasing> underWay = new ArrayList<>(holders.size());
        List<List<String>> keys = new ArrayList<>(holders.size());
        List<List<String>> args = new ArrayList<>(holders.size());
        for (ScriptLeaseHolder held : holders) {
            underWay.add(held.abandoned.releasing(held.key, held.holder));
            keys.add(List.of(held.key));
            args.add(List.of(LockScripts.modeArgument(held.mode), held.holder));
        }
        try {
            List<Object> replies;
            try {
                replies = evalAll.evalAll(LockScripts.RELEASE, "releasing", keys, args);
            } catch (LockException | IllegalStateException e) {
                releaseAllFailed(holders, e);
                return;
            }
            if (replies == null) {
                holders.forEach(ScriptLeaseHolder::release);
                return;
            }
            // releases a binding awaits one by one (Redisson's) that got no answer: handed on together, in one log line
            // for those Redis may have carried out and one for those it never got
            List<ScriptLeaseHolder> unanswered = new ArrayList<>();
            List<ScriptLeaseHolder> unsent = new ArrayList<>();
            LockException firstUnanswered = null;
            for (int i = 0; i < holders.size(); i++) {
                if (!(replies.get(i) instanceof LockException failure)) {
                    holders.get(i).released(DONE.equals(replies.get(i)));
                } else if (!RedisFailures.withoutAnswer(failure)) {
                    holders.get(i).releaseFailed(failure);
                } else if (AbandonedRequests.maybeCarriedOut(failure)) {
                    unanswered.add(holders.get(i));
                    firstUnanswered = firstUnanswered == null ? failure : firstUnanswered;
                } else {
                    unsent.add(holders.get(i));
                }
            }
            if (!unanswered.isEmpty()) {
                holders.get(0).abandoned.abandonAll("releasing", sent(unanswered), firstUnanswered);
            }
            if (!unsent.isEmpty()) {
                holders.get(0).abandoned.resendAll("releasing", sent(unsent));
            }
        } finally {
            underWay.forEach(AbandonedRequests.Releasing::ended);
        }
    }

    /**
     * Hands the acquires of one round trip, which failed as a whole, to their backend's {@link AbandonedRequests}, as
     * {@link #acquireFailed} does each, told in one log line. Nothing is handed on when they certainly never reached
     * Redis.
     *
     * @param holders the holds of the round trip's requests, of one backend
     * @param failure why the round trip failed
     */
    public static void acquireAllFailed(List<ScriptLeaseHolder> holders, Throwable failure) {
        if (!holders.isEmpty() && AbandonedRequests.maybeCarriedOut(failure)) {
            holders.get(0).abandoned.abandonAll("acquiring", sent(holders), failure);
        }
    }

    /** {@link #releaseFailed} of a round trip's releases, which failed as a whole with {@code e}: one log line. */
    private static void releaseAllFailed(List<ScriptLeaseHolder> holders, RuntimeException e) {
        if (AbandonedRequests.refusedByRedis(e)) {
            return;
        }
        if (AbandonedRequests.maybeCarriedOut(e)) {
            holders.get(0).abandoned.abandonAll("releasing", sent(holders), e);
        } else {
            holders.get(0).abandoned.resendAll("releasing", sent(holders));
        }
    }

    private static List<AbandonedRequests.Sent> sent(List<ScriptLeaseHolder> holders) {
        List<AbandonedRequests.Sent> sent = new ArrayList<>(holders.size());
        for (ScriptLeaseHolder held : holders) {
            sent.add(new AbandonedRequests.Sent(held.key, held.holder, held::deleteIfHeld));
        }
        return sent;
    }

    /** A release Redis answered: a deletion is kept, to be sent again should the primary change. */
    private void released(boolean deleted) {
        if (deleted) {
            abandoned.released(key, holder, this::deleteIfHeld);
        }
    }

    /** A release Redis refused, or that got no answer. */
    private void releaseFailed(RuntimeException e) {
        if (AbandonedRequests.refusedByRedis(e)) {
            // answered, and refused whole: no hold of this holder to delete, and sending it again changes nothing
            return;
        }
        if (AbandonedRequests.maybeCarriedOut(e)) {
            abandoned.abandon("releasing", key, holder, e, this::deleteIfHeld);
        } else {
            abandoned.resend("releasing", key, holder, this::deleteIfHeld);
        }
    }

    /**
     * Hands the acquire sent with this holder id, which failed, to the backend's
     * {@link AbandonedRequests}: Redis may still grant it (a frozen server runs what queued up in its
     * sockets when it resumes). Nothing is handed on when it certainly never reached Redis.
     *
     * @param failure why the acquire failed
     */
    public void acquireFailed(Throwable failure) {
        if (AbandonedRequests.maybeCarriedOut(failure)) {
            abandoned.abandon("acquiring", key, holder, failure, this::deleteIfHeld);
        }
    }

    /**
     * The hold of this holder id, deleted if Redis has it; the key's waiters are notified.
     *
     * @return true when it was deleted, false when Redis has no hold of this holder id on the key
     * @throws LockException when Redis fails, times out or cannot be reached
     */
    private boolean deleteIfHeld() {
        return DONE.equals(eval.eval(LockScripts.RELEASE, "releasing", List.of(key),
                List.of(LockScripts.modeArgument(mode), holder)));
    }
}
