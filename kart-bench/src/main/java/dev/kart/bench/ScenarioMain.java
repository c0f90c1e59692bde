package dev.kart.bench;

/**
 * Runs one scenario in the current JVM and prints its {@code RESULT} line on stdout; started by
 * {@link BenchLauncher} in a JVM of its own. Exits 1 when the scenario throws.
 */
public final class ScenarioMain {
    private ScenarioMain() {
    }

    /** @param args the scenario's name */
    public static void main(String[] args) {
        int exit = 1;
        try {
            if (args.length != 1) {
                throw new IllegalArgumentException("expected one scenario name, got " + args.length + " arguments");
            }
            ScenarioRegistry registry = ScenarioRegistry.load();
            Scenario scenario = registry.find(args[0]).orElseThrow(() -> new IllegalArgumentException(
                    "unknown scenario '" + args[0] + "'. " + ScenarioSelection.known(registry)));
            Result result = scenario.run();
            System.out.println(result.line());
            System.out.flush();
            exit = 0;
        } catch (Throwable e) {
            System.err.println("scenario " + String.join(" ", args) + " failed:");
            e.printStackTrace();
        }
        // kart's worker and lock threads are daemons, but a task or library may leave others behind
        System.exit(exit);
    }
}
