package dev.kart.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of {@code bench/run}: checks the scenario names, then runs each scenario in a JVM
 * of its own (so per-scenario JVM options such as heap limits apply and no scenario warms the JIT or
 * fills the heap for the next) and prints exactly one {@code RESULT} line per scenario on stdout.
 * Everything else goes to stderr. A scenario that fails prints
 * {@code RESULT scenario=<name> status=failed exit_code=<n>} and makes the exit code 1.
 *
 * <p>Extra JVM options for every scenario JVM, e.g. to profile, come from the environment variable
 * {@value #EXTRA_OPTIONS_VARIABLE} (split on spaces). System properties of this JVM whose names start
 * with {@value #FORWARDED_PREFIX} (such as {@code kart.bench.soak.duration}, given to
 * {@code bench/run} as {@code -Dkart.bench.soak.duration=1m}) are passed on to every scenario JVM.
 */
public final class BenchLauncher {
    /** Environment variable with JVM options added to every scenario JVM. */
    public static final String EXTRA_OPTIONS_VARIABLE = "KART_BENCH_JAVA_OPTS";
    /** System properties of the launcher with this prefix are set in every scenario JVM too. */
    public static final String FORWARDED_PREFIX = "kart.bench.";

    private BenchLauncher() {
    }

    /**
     * @param args scenario names, or {@code --list}
     * @throws Exception when a scenario JVM cannot be started
     */
    public static void main(String[] args) throws Exception {
        ScenarioRegistry registry = ScenarioRegistry.load();
        if (args.length == 1 && (args[0].equals("--list") || args[0].equals("--help"))) {
            System.err.println("usage: bench/run SCENARIO...");
            System.err.println(ScenarioSelection.known(registry));
            System.exit(0);
        }
        ScenarioSelection selection;
        try {
            selection = ScenarioSelection.of(Arrays.asList(args), registry);
        } catch (IllegalArgumentException e) {
            System.err.println("bench/run: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean allSucceeded = true;
        for (Scenario scenario : selection.scenarios()) {
            String line = runInOwnJvm(scenario);
            allSucceeded &= !line.contains(" status=failed");
            System.out.println(line);
            System.out.flush();
        }
        System.exit(allSucceeded ? 0 : 1);
    }

    private static String runInOwnJvm(Scenario scenario) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(scenario.jvmOptions());
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(FORWARDED_PREFIX)).sorted()
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        String extra = System.getenv(EXTRA_OPTIONS_VARIABLE);
        if (extra != null && !extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScenarioMain.class.getName(),
                scenario.name()));
        System.err.println("bench: " + scenario.name() + ": " + scenario.description()
                + (scenario.jvmOptions().isEmpty() ? "" : " " + scenario.jvmOptions()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        int resultLines = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line;
                    resultLines++;
                } else {
                    System.err.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit == 0 && resultLines == 1 && result.startsWith("RESULT scenario=" + scenario.name() + " ")) {
            return result;
        }
        System.err.println("bench: " + scenario.name() + " failed: exit code " + exit + ", " + resultLines
                + " RESULT line(s)");
        return Result.of(scenario.name()).with("status", "failed").with("exit_code", exit).line();
    }
}
