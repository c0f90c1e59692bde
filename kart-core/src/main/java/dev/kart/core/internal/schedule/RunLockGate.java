package dev.kart.core.internal.schedule;

import dev.kart.core.internal.config.DurationSetting;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.config.TaskSections;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskRecord;
import dev.kart.core.internal.lock.HolderText;
import dev.kart.lock.Lease;
import dev.kart.lock.LockCollisionException;
import dev.kart.lock.RunLock;
import dev.kart.task.CollisionPolicy;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Takes the run lock of a task that runs under it, applying the task's collision policy when
 * another node holds it: {@code fail} throws a {@link LockCollisionException} (the Python system's
 * {@code redis_fail_on_collision = true}), {@code wait} blocks up to {@code kart.lock.wait-timeout},
 * {@code defer} parks the task until the holder releases. Collisions, lock waits and fencing tokens
 * go to the task's record; the build's listener hears of waits, with the holder. Thread-safe.
 */
final class RunLockGate {
    private final RunLock runLock;
    private final DurationSetting waitTimeout;

    @Inject
    RunLockGate(RunLock runLock, KartSettings settings) {
        this.runLock = runLock;
        this.waitTimeout = settings.waitTimeout();
    }

    /** What the gate gave a task. */
    sealed interface Admission permits Granted, Parked {
    }

    /** @param lease the run lease, held; the caller closes it */
    record Granted(Lease lease) implements Admission {
    }

    /** @param whenFree completes when the holder released (or its lease expired) and the wait was recorded */
    record Parked(CompletionStage<Void> whenFree) implements Admission {
    }

    /**
     * @param node a task that runs under its run lock
     * @param record its record
     * @param waits where its build hears of a wait for the lock, with who holds it (looked up only
     *     when the lock is held and someone listens)
     * @return the lease, or the moment to come back for a deferred task
     * @throws LockCollisionException when the policy is {@code fail}, or a {@code wait} timed out
     * @throws InterruptedException when interrupted while waiting
     */
    Admission enter(TaskNode node, TaskRecord record, RunLockWaits waits) throws InterruptedException {
        Optional<Lease> lease = runLock.tryAcquire(node.uniqueId());
        if (lease.isPresent()) {
            return granted(lease.get(), record);
        }
        record.collided();
        CollisionPolicy policy = node.settings().onCollision();
        switch (policy) {
            // no task label: the summary line, the log line and task info name the task already
            case FAIL -> throw new LockCollisionException("another node holds its run lock (" + failSource(node) + ")"
                    + HolderText.ofRunLock(() -> runLock.holder(node.uniqueId())) + "; " + Retries.whatNext(node, record)
                    + lastTryAdvice(node, record));
            case WAIT -> {
                long waitStart = System.nanoTime();
                RunLockWaits.Wait wait = waits.started(node, policy, Optional.of(waitTimeout.value()),
                        () -> runLock.holder(node.uniqueId()));
                try {
                    lease = runLock.acquire(node.uniqueId(), waitTimeout.value());
                } finally {
                    // a wait cut short by an interrupt was a wait too
                    record.waitedForLock(System.nanoTime() - waitStart);
                    wait.ended(lease.isPresent());
                }
                // the timeout as the user wrote it: 60s, not the 1m kart would write
                return granted(lease.orElseThrow(() -> new LockCollisionException("waited for its run lock for "
                        + waitTimeout.setting() + " and another node still"
                        + " holds it" + HolderText.ofRunLock(() -> runLock.holder(node.uniqueId()))
                        + "; " + Retries.whatNext(node, record) + waitAdvice(node, record))), record);
            }
            case DEFER -> {
                long parkedAt = System.nanoTime();
                RunLockWaits.Wait wait = waits.started(node, policy, Optional.empty(),
                        () -> runLock.holder(node.uniqueId()));
                // ended before the task is handed back to the workers, which the caller chains after this
                return new Parked(runLock.whenFree(node.uniqueId()).whenComplete((ignored, error) -> {
                    record.waitedForLock(System.nanoTime() - parkedAt);
                    // the lock looks free; the task tries to take it when it is back on a worker
                    wait.ended(false);
                }));
            }
            default -> throw new IllegalStateException("unknown collision policy " + policy);
        }
    }

    /**
     * What made the task's policy {@code fail}, written as a user sets it: {@code kart.lock.on-collision = fail},
     * the task section's {@code kart.tasks."a.Task".on-collision = fail}, a {@code fail-on-collision} key's
     * {@code = true} (which wins over on-collision), or the task type's annotation.
     */
    private static String failSource(TaskNode node) {
        if (node.settings().failOnCollisionKey().isPresent()) {
            return node.settings().failOnCollisionKey().get() + " = true";
        }
        return node.settings().onCollisionAnnotated() ? "@RunWithLock(onCollision = FAIL) on its class"
                : node.settings().onCollisionKey() + " = fail";
    }

    /**
     * What brings a task that failed for good on a collision back once its holder is done: the Python
     * system's retries ({@code retry_count}, {@code retry_delay}), more or later ones when it had some, or
     * a policy that waits. Said on the last try only: a task with retries left comes back by itself. Each
     * key may also be set for the task alone, in its {@code kart.tasks} section, which wins: the retry keys
     * named are the section's when it sets one of them. When a {@code fail-on-collision} key chose the
     * policy, that key is the one to change: it wins over
     * {@code on-collision} in its section, so setting on-collision alone changes nothing: {@code false} makes the task
     * wait, and removing the key is named beside it only when what decides without it waits or defers. When the task
     * type's {@code @RunWithLock(onCollision = FAIL)} chose it, the annotation is: it wins over
     * {@code kart.lock.on-collision}, and only the task's own section wins over it.
     */
    private static String lastTryAdvice(TaskNode node, TaskRecord record) {
        if (Retries.leftAfterRunningAttempt(node, record) > 0) {
            return "";
        }
        String retries = "; to run it once the holder is done, give it " + (node.settings().retryCount() == 0 ? "retries"
                : "more retries or a longer delay") + " (" + retryKeys(node) + ") or a policy that waits";
        String sectionKey = TaskSections.key(node.type().family(), "on-collision");
        if (node.settings().onCollisionAnnotated()) {
            return retries + " (@RunWithLock(onCollision = DEFER or WAIT) on its class, or " + sectionKey
                    + " = defer or wait, which wins over the annotation)";
        }
        Optional<String> failOnCollision = node.settings().failOnCollisionKey();
        if (failOnCollision.isEmpty()) {
            // the task's own section set it: kart.lock.on-collision would change nothing
            return node.settings().onCollisionKey().equals(sectionKey) ? retries + " (" + sectionKey + " = defer or wait)"
                    : retries + " (kart.lock.on-collision = defer or wait), in kart or in its kart.tasks section";
        }
        String key = failOnCollision.get();
        // removing the key is a choice only when what decides without it waits: else false is the one change
        CollisionPolicy without = node.settings().onCollisionWithoutFailKey().orElse(CollisionPolicy.FAIL);
        return retries + " (" + key + " = false" + (without == CollisionPolicy.FAIL ? ""
                : ", or remove it: the task then " + (without == CollisionPolicy.DEFER ? "defers" : "waits")) + ")"
                // the global key may be overridden in the task's section; a section's key is the task's already
                + (key.startsWith("kart.lock.") ? ", in kart or in its kart.tasks section" : "");
    }

    /**
     * What lets a task whose {@code wait} ran out run once its holder is done: a longer wait, or {@code defer}, which
     * waits as long as the holder runs without holding a worker. Said on the last try only, as {@link #lastTryAdvice}
     * is. Written as the key that chose {@code wait} is: a {@code fail-on-collision = false} wins over on-collision in
     * its section, see {@link #deferDespite}; the task type's annotation wins over {@code kart.lock.on-collision}.
     */
    private static String waitAdvice(TaskNode node, TaskRecord record) {
        if (Retries.leftAfterRunningAttempt(node, record) > 0) {
            return "";
        }
        Optional<String> failOnCollision = node.settings().failOnCollisionKey();
        String defer = failOnCollision.isPresent() ? deferDespite(node, failOnCollision.get())
                : node.settings().onCollisionAnnotated() ? "@RunWithLock(onCollision = DEFER) on its class, or "
                        + TaskSections.key(node.type().family(), "on-collision") + " = defer"
                : node.settings().onCollisionKey() + " = defer";
        return "; to run it once the holder is done, raise kart.lock.wait-timeout or let it wait as long as the holder"
                + " runs (" + defer + ")";
    }

    /**
     * The one change, or the two, that make a task defer whose {@code fail-on-collision = false} chose {@code wait}:
     * removing the key when what decides without it defers already (the default); else the task section's
     * {@code on-collision = defer}, which wins over {@code kart.lock.fail-on-collision} on its own but not over the
     * section's own {@code fail-on-collision}, which must then go too.
     */
    private static String deferDespite(TaskNode node, String failOnCollisionKey) {
        if (node.settings().onCollisionWithoutFailKey().orElse(CollisionPolicy.WAIT) == CollisionPolicy.DEFER) {
            return "remove " + failOnCollisionKey + ": the task then defers";
        }
        String sectionKey = TaskSections.key(node.type().family(), "on-collision");
        return failOnCollisionKey.startsWith("kart.lock.") ? sectionKey + " = defer, which wins over " + failOnCollisionKey
                : "remove " + failOnCollisionKey + " and set " + sectionKey + " = defer";
    }

    /**
     * The retry keys to change, as they are written: {@code kart.retry.count, kart.retry.delay}, or the task
     * section's two when the section sets either. A section's key wins over the global one, so the global
     * count would change nothing once the section set its own; the delay is named in the same section, so
     * that the change stays with this task as the count does.
     */
    private static String retryKeys(TaskNode node) {
        String family = node.type().family();
        String countKey = TaskSections.key(family, "retry-count");
        String delayKey = TaskSections.key(family, "retry-delay");
        boolean sectionSetsRetries = node.settings().retryCountKey().equals(countKey)
                || node.settings().retryDelay().key().equals(delayKey);
        return sectionSetsRetries ? countKey + ", " + delayKey
                : node.settings().retryCountKey() + ", " + node.settings().retryDelay().key();
    }

    private static Granted granted(Lease lease, TaskRecord record) {
        record.tookRunLease(lease.fencingToken());
        return new Granted(lease);
    }
}
