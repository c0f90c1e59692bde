package dev.kart.bench;

import java.util.ArrayList;
import java.util.List;

/** The scenarios named on the command line, checked against a registry before any runs. Immutable. */
public final class ScenarioSelection {
    private final List<Scenario> scenarios;

    private ScenarioSelection(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
    }

    /**
     * @param names scenario names, in the order to run them; a name may repeat
     * @param registry the known scenarios
     * @return the selection
     * @throws IllegalArgumentException when no name is given or a name is unknown; the message lists
     *     every known scenario
     */
    public static ScenarioSelection of(List<String> names, ScenarioRegistry registry) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no scenario given. " + known(registry));
        }
        List<Scenario> selected = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            registry.find(name).ifPresentOrElse(selected::add, () -> unknown.add(name));
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException((unknown.size() == 1 ? "unknown scenario '" + unknown.get(0) + "'"
                    : "unknown scenarios " + unknown) + ". " + known(registry));
        }
        return new ScenarioSelection(selected);
    }

    /** @return the selected scenarios, in command-line order */
    public List<Scenario> scenarios() {
        return scenarios;
    }

    /**
     * @param registry the known scenarios
     * @return a listing of them, one per line with its description
     */
    public static String known(ScenarioRegistry registry) {
        StringBuilder text = new StringBuilder("Known scenarios:");
        for (Scenario scenario : registry.all()) {
            text.append(String.format("%n  %-24s %s", scenario.name(), scenario.description()));
        }
        return text.toString();
    }
}
