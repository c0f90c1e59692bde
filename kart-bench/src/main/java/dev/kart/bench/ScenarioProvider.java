package dev.kart.bench;

import java.util.List;

/**
 * Contributes scenarios to {@code bench/run}. Implementations are found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.kart.bench.ScenarioProvider} and give it a public no-argument
 * constructor. A provider should be cheap to create: it is instantiated in every benchmark JVM.
 */
public interface ScenarioProvider {

    /** @return the scenarios, each with a name no other scenario uses */
    List<Scenario> scenarios();
}
