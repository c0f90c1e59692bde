package dev.kart.bench.micro;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.time.LocalDate;
import java.util.List;

/**
 * The dependency of {@link TrainModel}: a small task whose unique id enters the representative
 * task's. Never run: the micro benchmarks only hash it.
 *
 * @param corpus which corpus to split
 * @param day the corpus's day
 * @param minLength the shortest token kept
 */
public record Tokenize(String corpus, LocalDate day, int minLength) implements Task<List<String>> {
    @Override
    public List<String> run(RunContext ctx) {
        throw new UnsupportedOperationException("the micro benchmarks hash this task; they never run it");
    }
}
