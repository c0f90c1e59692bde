package dev.kart.examples.sample;

import dev.kart.task.Default;
import dev.kart.task.Insignificant;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.time.Duration;

/**
 * {@link SomeTask} that takes a while, to watch two nodes share one run lock: started in two
 * terminals at once against one Redis and one workspace, one node computes it and the other waits,
 * defers or fails as {@code kart.lock.on-collision} says (docs/locks.md, "Two nodes, by hand").
 *
 * @param name who to greet
 * @param seconds how long {@code run()} takes; not part of the unique id, so a longer or shorter run
 *     makes the same cache file
 */
@RunWithLock
@OutputFormat("txt")
public record SlowTask(@Default("world") String name, @Insignificant @Default("10") int seconds) implements Task<String> {

    /**
     * @throws IllegalArgumentException when {@code seconds} is negative
     */
    public SlowTask {
        if (seconds < 0) {
            throw new IllegalArgumentException("seconds is " + seconds + ", expected 0 or more");
        }
    }

    @Override
    public String run(RunContext ctx) throws InterruptedException {
        // @RunWithLock, but lock-run = false in its kart.tasks section takes the run lock away: say which it is
        ctx.log().info("greeting {} in {} s, {}", name, seconds, ctx.runLease().isPresent() ? "under the run lock"
                : "without the run lock (kart.tasks.\"" + getClass().getName() + "\".lock-run = false)");
        Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        return "Hello, " + name + "!\n";
    }
}
