package dev.kart.task;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes {@link Task#run} of this task type take the run lock, so that of several nodes building
 * the same task only one computes it while the others go on with other work. The same as
 * {@code lock-run = true} in the task's config section.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RunWithLock {
    /**
     * What to do when another node holds the lock. Empty (the default) means: what
     * {@code kart.tasks."<name>".on-collision} or else {@code kart.lock.on-collision} says.
     *
     * @return at most one policy
     */
    CollisionPolicy[] onCollision() default {};
}
