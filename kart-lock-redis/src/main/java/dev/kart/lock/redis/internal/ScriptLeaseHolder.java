package dev.kart.lock.redis.internal;

import dev.kart.lock.LockException;
import dev.kart.lock.LockMode;
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
            if (deleteIfHeld()) {
                abandoned.released(key, holder, this::deleteIfHeld);
            }
        } catch (LockException | IllegalStateException e) {
            if (AbandonedRequests.refusedByRedis(e)) {
                // answered, and refused whole: no hold of this holder to delete, and sending it again changes nothing
                return;
            }
            if (AbandonedRequests.maybeCarriedOut(e)) {
                abandoned.abandon("releasing", key, holder, e, this::deleteIfHeld);
            } else {
                abandoned.resend("releasing", key, holder, this::deleteIfHeld);
            }
        } finally {
            // after a release without an answer was handed on, so that its key is counted unconfirmed throughout
            underWay.ended();
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
