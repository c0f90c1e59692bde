package dev.kart.core.internal.info;

import dev.kart.core.internal.cache.Publication;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one node recorded of one task in one build, written as JSON: to the task's info file,
 * {@code {workspace}/log/{package}/{TaskName}_{id}.json}, by the node that published its outputs (or
 * failed it when no node had published), and to the node's own record beside it,
 * {@code {TaskName}_{id}.node-{host}-{pid}.json}, by a node whose attempts published nothing.
 *
 * @param task the task's family
 * @param label the task with its parameters
 * @param uniqueId the unique id
 * @param parameters every parameter's value; dependencies as {@code Name[id]}
 * @param state the state after the latest attempt: {@code DONE}, {@code FAILED}, {@code INTERRUPTED},
 *     {@code RETRY_WAIT}, or {@code ALREADY_COMPLETE} for a node that found the outputs made by another
 * @param attempts every attempt, in order
 * @param start when the first attempt started
 * @param end when the latest attempt ended; for a task whose build was interrupted while it waited
 *     (to retry, or for its run lock), when it was recorded {@code INTERRUPTED}, which is later
 * @param durationMillis from {@code start} to {@code end}, waits between attempts included
 * @param node the node that wrote the record, {@code host:pid}
 * @param host the node's host
 * @param pid the node's process id
 * @param runtime which runtime of that process: 1 for the first made in its JVM (see {@link NodeIdentity})
 * @param publications the cache files published, with fencing tokens
 * @param lock run-lock activity
 * @param log the task's log lines
 */
public record TaskInfo(String task, String label, String uniqueId, Map<String, Object> parameters, String state,
        List<Attempt> attempts, Instant start, Instant end, long durationMillis, String node, String host, long pid,
        int runtime, List<Publication> publications, LockActivity lock, List<String> log) {

    /**
     * One attempt.
     *
     * @param number 1 for the first
     * @param start when it started
     * @param end when it ended
     * @param durationMillis its duration
     * @param outcome {@code DONE}, {@code FAILED}, or {@code INTERRUPTED} when its build was
     *     interrupted (Ctrl-C, SIGTERM, {@code Kart.close()})
     * @param error the error's class and message, for an attempt that failed or was interrupted
     * @param cause the error in one line as the build summary words it (the deepest cause, then what
     *     the task said; for kart's own errors its words first), for an attempt that failed or was
     *     interrupted; absent from files written before it was recorded
     * @param stackTrace the error's whole stack trace, causes included, for an attempt that failed
     *     or was interrupted
     * @param collisions how often the run lock was found held by another node since the attempt before
     * @param lockWaitMillis time spent waiting or parked for the run lock since the attempt before
     */
    public record Attempt(int number, Instant start, Instant end, long durationMillis, String outcome, String error,
            String cause, String stackTrace, int collisions, long lockWaitMillis) {
    }

    /**
     * What the task did with its run lock.
     *
     * @param runLock whether {@code run()} took the run lock
     * @param policy the collision policy
     * @param collisions how often the lock was found held by another node
     * @param waitMillis time spent waiting or parked for it
     * @param fencingTokens the fencing tokens of the run leases taken
     */
    public record LockActivity(boolean runLock, String policy, int collisions, long waitMillis, List<Long> fencingTokens) {
    }
}
