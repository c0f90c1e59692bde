package dev.kart.lock.redis.internal;

import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generation of Redis's data that the leases of one backend were granted in. Redis keeps locks in
 * memory: a restart without persistence, a flush or a failover to a server without the data forgets
 * every lease at once, and another node can take them over at once, while their holders would count
 * them as held until their next renewal. So every acquire also reads the prefix's epoch key (created,
 * never to expire, by the first acquire after such a loss, with a value no earlier epoch had). A reply
 * carrying another epoch than the one a lease was granted in ends that lease at once, before the
 * acquire that noticed returns: a task that takes its cache lock to publish after Redis lost its data
 * finds its run lease lost, and does not publish. Thread-safe.
 */
public final class RedisEpoch {
    /** A lease that lives in one epoch. */
    public interface Member {
        /** @return the epoch it was granted in */
        String epoch();

        /**
         * Ends it for good: Redis no longer has it.
         *
         * @param why for the log
         */
        void lose(String why);

        /** Asks Redis whether it still has the lease (a renewal or confirmation); loses it if not, or if Redis does not answer. */
        void recheck();
    }

    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    /** Written under this object's monitor, read without it by the fast path of {@link #observed}. */
    private volatile String current;

    /**
     * Notes the epoch a reply of Redis carried; a new one ends every lease of an earlier epoch.
     *
     * @param epoch the epoch key's value
     */
    public void observed(String epoch) {
        // every reply of every acquire carries the epoch, nearly always the current one: answered without
        // the monitor, which all acquiring threads would otherwise queue on. As before, a thread that finds
        // the new epoch already noted returns while the thread that noted it may still be losing the old
        // leases (they were lost in Redis before either reply was sent)
        if (epoch.equals(current)) {
            return;
        }
        List<Member> gone;
        synchronized (this) {
            if (epoch.equals(current)) {
                return;
            }
            current = epoch;
            // see join(): the write of the epoch ordered before the read of the members
            VarHandle.fullFence();
            gone = members.stream().filter(member -> !member.epoch().equals(epoch)).toList();
        }
        gone.forEach(member -> member.lose(lossReason(member, epoch)));
    }

    /**
     * Starts following a new lease; ends it at once when its epoch is already over.
     *
     * @param member the lease, after {@link #observed} was told its epoch
     */
    public void join(Member member) {
        // without the monitor, which every acquiring thread took once per lease and queued on (more threads
        // than cores: a holder preempted inside it stalls the others). Added first, then the epoch read:
        // observed() writes the epoch first, then reads the members, so of a join and an observed() that
        // overlap, at least one sees the other's write, and the member of an earlier epoch is lost by
        // either or both (losing is idempotent)
        members.add(member);
        // the map's reads and writes are only acquire/release: the fences make the store-then-load of each side
        // ordered, as the argument above needs
        VarHandle.fullFence();
        String now = current;
        if (!member.epoch().equals(now)) {
            members.remove(member);
            member.lose(lossReason(member, now));
        }
    }

    /** @return the leases followed now */
    public List<Member> members() {
        return List.copyOf(members);
    }

    /** @param member a lease that was closed or lost */
    public void leave(Member member) {
        members.remove(member);
    }

    private static String lossReason(Member member, String now) {
        return "Redis lost its data (restarted without persistence, flushed, or failed over): the lease was granted"
                + " in epoch " + member.epoch() + " and Redis is now in epoch " + now;
    }
}
