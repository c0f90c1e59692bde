package dev.kart.bench;

import java.util.List;

/**
 * One benchmark: a named measurement that runs in a JVM of its own and ends in one {@link Result}.
 * Scenarios are listed by a {@link ScenarioProvider}. An implementation warms up before it measures,
 * measures its figures against baselines taken in the same run (the machine is shared and noisy),
 * checks that what it built is correct, and cleans up the files it made.
 */
public interface Scenario {

    /** @return the name {@code bench/run} selects it by: lower case, digits and dashes */
    String name();

    /** @return one line saying what is measured, shown when listing scenarios */
    String description();

    /**
     * Options for the scenario's JVM, such as a heap limit.
     *
     * @return JVM options, empty by default
     */
    default List<String> jvmOptions() {
        return List.of();
    }

    /**
     * Runs the scenario; called once in a fresh JVM.
     *
     * @return the figures to print
     * @throws Exception when the scenario cannot complete or what it built is wrong; the run then
     *     reports the scenario as failed
     */
    Result run() throws Exception;
}
