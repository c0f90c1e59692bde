package dev.kart.bench.micro;

import dev.kart.core.internal.identity.CanonicalForm;
import dev.kart.task.Task;
import java.util.List;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * {@code micro-canonical-form}: the canonical form (the text unique ids hash) of the thirteen
 * parameter values of {@link TrainModel#sample()} (every scalar type, an enum, a list, a set and a
 * map; not the dependency), written into one new {@link StringBuilder}, against the plainest text of
 * the same values: {@link String#valueOf(Object)} of each appended to one new builder (no type tags,
 * no lengths, sets and maps in iteration order instead of sorted). Not final: JMH subclasses
 * benchmark and state classes.
 */
public class CanonicalFormBenchmarks {
    private static final Function<Task<?>, String> NO_TASKS = task -> {
        throw new IllegalStateException("the canonical-form benchmark's values hold no task, yet " + task + " came up");
    };

    /** The values. */
    @State(Scope.Thread)
    public static class Values {
        final List<Object> values = TrainModel.sample().valueParameters();
    }

    /**
     * @param state the values
     * @return their canonical form
     */
    @Benchmark
    public StringBuilder kart(Values state) {
        StringBuilder out = new StringBuilder(256);
        for (Object value : state.values) {
            CanonicalForm.append(value, NO_TASKS, out);
        }
        return out;
    }

    /**
     * @param state the values
     * @return their {@code String.valueOf}s, one after the other
     */
    @Benchmark
    public StringBuilder baseline(Values state) {
        StringBuilder out = new StringBuilder(256);
        for (Object value : state.values) {
            out.append(String.valueOf(value));
        }
        return out;
    }
}
