package dev.kart.core.internal.config;

import dev.kart.task.CollisionPolicy;
import java.util.Optional;

/**
 * The settings that apply to one task type: the global ones, overridden by its annotations and by
 * its {@code kart.tasks."<name>"} section. Immutable.
 *
 * @param retryCount retries after a failure
 * @param retryCountKey the key that set {@code retryCount}, as a message names it: {@code kart.retry.count}, or
 *     the task section's {@code kart.tasks."a.Task".retry-count} when that is set
 * @param retryDelay delay before each retry, with the key that set it as a message names it ({@code kart.retry.delay},
 *     or the task section's {@code kart.tasks."a.Task".retry-delay} when that is set) and the value as the user wrote
 *     it there
 * @param lockRun whether {@code run()} takes the run lock
 * @param onCollision what to do when the run lock is held elsewhere
 * @param failOnCollisionKey the {@code fail-on-collision} key that chose {@code onCollision}, such as
 *     {@code kart.lock.fail-on-collision}, when one did: a collision error names it, since setting
 *     {@code on-collision} cannot change the policy while it is set
 * @param onCollisionWithoutFailKey the policy the task would have were {@code failOnCollisionKey} removed (or set to
 *     {@code null}): its section's {@code on-collision}, else the annotation, else {@code kart.lock}'s; empty when
 *     no {@code fail-on-collision} key chose {@code onCollision}. Advice tells by it whether removing that key is
 *     enough to make the task wait or defer
 * @param onCollisionAnnotated whether the task type's {@code @RunWithLock(onCollision = ...)} chose
 *     {@code onCollision}: a collision error names the annotation, since {@code kart.lock.on-collision}
 *     cannot change the policy while it is there
 * @param onCollisionKey the {@code on-collision} key whose value {@code onCollision} is, unless a
 *     {@code fail-on-collision} key or the annotation chose it: {@code kart.lock.on-collision}, or the task
 *     section's {@code kart.tasks."a.Task".on-collision} when the section sets one of the two
 * @param rerun whether to run even when the output exists
 * @param taskTimeout how long one attempt's {@code run()} may take before it is interrupted; empty
 *     for no limit
 */
public record TaskSettings(int retryCount, String retryCountKey, DurationSetting retryDelay, boolean lockRun,
        CollisionPolicy onCollision, Optional<String> failOnCollisionKey,
        Optional<CollisionPolicy> onCollisionWithoutFailKey, boolean onCollisionAnnotated, String onCollisionKey,
        boolean rerun, Optional<TaskTimeout> taskTimeout) {
}
