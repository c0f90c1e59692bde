package dev.kart.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Every scenario on the class path, by name. Immutable. */
public final class ScenarioRegistry {
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Map<String, Scenario> byName;

    private ScenarioRegistry(Map<String, Scenario> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * @return the scenarios of every {@link ScenarioProvider} found by {@link ServiceLoader}
     * @throws IllegalStateException when two scenarios share a name or a name is malformed
     */
    public static ScenarioRegistry load() {
        List<Scenario> all = new ArrayList<>();
        for (ScenarioProvider provider : ServiceLoader.load(ScenarioProvider.class)) {
            all.addAll(provider.scenarios());
        }
        return of(all);
    }

    /**
     * @param scenarios scenarios with distinct, well-formed names
     * @return a registry of them
     * @throws IllegalStateException when two scenarios share a name or a name is malformed
     */
    public static ScenarioRegistry of(List<Scenario> scenarios) {
        Map<String, Scenario> byName = new TreeMap<>();
        for (Scenario scenario : scenarios) {
            if (!NAME.matcher(scenario.name()).matches()) {
                throw new IllegalStateException("scenario name '" + scenario.name() + "' of " + scenario.getClass().getName()
                        + " is malformed; expected lower-case words of letters and digits joined by dashes");
            }
            Scenario previous = byName.put(scenario.name(), scenario);
            if (previous != null) {
                throw new IllegalStateException("two scenarios are named '" + scenario.name() + "': "
                        + previous.getClass().getName() + " and " + scenario.getClass().getName());
            }
        }
        return new ScenarioRegistry(byName);
    }

    /**
     * @param name a scenario name
     * @return the scenario, if one has that name
     */
    public Optional<Scenario> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** @return every scenario, by name */
    public List<Scenario> all() {
        return List.copyOf(byName.values());
    }

    /** @return every scenario name, sorted */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
