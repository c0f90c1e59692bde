package dev.kart.bench.micro;

import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The representative task of the unique-id and canonical-form micro benchmarks: one dependency and
 * a parameter of each kind a pipeline task typically has (every scalar type kart hashes, an enum, a
 * list, a set and a map). Never run.
 *
 * @param tokens the dependency
 * @param model the model's name
 * @param epochs training epochs
 * @param seed random seed
 * @param learningRate learning rate
 * @param shuffle whether to shuffle
 * @param split which split to train on
 * @param asOf the data's day
 * @param cutoff the data's last instant
 * @param timeout how long training may take
 * @param vocabulary a vocabulary file
 * @param features feature names, in order
 * @param labels label names
 * @param weights class weights by label
 */
public record TrainModel(Tokenize tokens, String model, int epochs, long seed, double learningRate, boolean shuffle,
        Split split, LocalDate asOf, LocalDateTime cutoff, Duration timeout, Path vocabulary, List<String> features,
        Set<String> labels, Map<String, Integer> weights) implements Task<Map<String, Double>> {

    /** Which part of the data a model trains on. */
    public enum Split { TRAIN, VALIDATION, TEST }

    /** @return the benchmarks' instance, always equal */
    public static TrainModel sample() {
        return new TrainModel(new Tokenize("news-2024", LocalDate.of(2024, 3, 1), 2), "gradient-boosting", 40,
                20_240_301L, 0.05, true, Split.TRAIN, LocalDate.of(2024, 3, 1), LocalDateTime.of(2024, 3, 1, 23, 59, 59),
                Duration.ofMinutes(30), Path.of("vocab/news-2024.txt"),
                List.of("length", "tf_idf", "position", "capitalised", "stop_word"),
                Set.of("politics", "sport", "business", "science"),
                Map.of("politics", 3, "sport", 1, "business", 2, "science", 5));
    }

    /** @return the values of every parameter but the dependency, in declaration order */
    public List<Object> valueParameters() {
        return List.of(model, epochs, seed, learningRate, shuffle, split, asOf, cutoff, timeout, vocabulary, features,
                labels, weights);
    }

    @Override
    public Map<String, Double> run(RunContext ctx) {
        throw new UnsupportedOperationException("the micro benchmarks hash this task; they never run it");
    }
}
