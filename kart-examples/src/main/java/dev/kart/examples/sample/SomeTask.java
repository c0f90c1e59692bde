package dev.kart.examples.sample;

import dev.kart.task.Default;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;

/**
 * The task of the Python system's lock guide, in kart's form, so that its command works as written:
 * {@code kart run sample.SomeTask --local-scheduler --redis-host=localhost --redis-port=6379}. Its
 * {@code run()} takes the run lock, so of several nodes started at once only one computes it; the
 * others find its output when their turn comes.
 *
 * @param name who to greet
 */
@RunWithLock
@OutputFormat("txt")
public record SomeTask(@Default("world") String name) implements Task<String> {

    @Override
    public String run(RunContext ctx) {
        ctx.log().info("greeting {}", name);
        return "Hello, " + name + "!\n";
    }
}
