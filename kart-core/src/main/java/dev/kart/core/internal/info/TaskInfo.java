package dev.kart.core.internal.info;

import dev.kart.core.internal.cache.Publication;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The task info file of one task, written as JSON to {@code {workspace}/log/{package}/{TaskName}_{id}.json}
 * after each attempt.
 *
 * @param task the task's family
 * @param label the task with its parameters
 * @param uniqueId the unique id
 * @param parameters every parameter's value; dependencies as {@code Name[id]}
 * @param state the state after the latest attempt
 * @param attempts every attempt, in order
 * @param start when the first attempt started
 * @param end when the latest attempt ended
 * @param durationMillis from {@code start} to {@code end}
 * @param host the host that ran it
 * @param pid the process that ran it
 * @param publications the cache files published, with fencing tokens
 * @param lock run-lock activity
 * @param log the task's log lines
 */
public record TaskInfo(String task, String label, String uniqueId, Map<String, Object> parameters, String state,
        List<Attempt> attempts, Instant start, Instant end, long durationMillis, String host, long pid,
        List<Publication> publications, LockActivity lock, List<String> log) {

    /**
     * One attempt.
     *
     * @param number 1 for the first
     * @param start when it started
     * @param end when it ended
     * @param durationMillis its duration
     * @param outcome {@code DONE} or {@code FAILED}
     * @param error the error's class and message, for a failed attempt
     * @param stackTrace the error's whole stack trace, causes included, for a failed attempt
     */
    public record Attempt(int number, Instant start, Instant end, long durationMillis, String outcome, String error,
            String stackTrace) {
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
