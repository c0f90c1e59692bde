package dev.kart.cli;

import dev.kart.core.Kart;
import dev.kart.examples.sample.SomeTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the kart command in this JVM, as an application calling {@link KartCommand} would. */
final class Cli {
    private Cli() {
    }

    /**
     * What one command printed and returned.
     *
     * @param exitCode the exit code
     * @param out what it printed on stdout
     * @param err what it printed on stderr
     */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    /**
     * @param args the command line
     * @return what happened
     */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KartCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * Runs {@code kart run TASK --workspace WORKSPACE OPTIONS...}.
     *
     * @param workspace the workspace
     * @param task the task's name
     * @param options the task's parameters and run options
     * @return what happened
     */
    static Result runTask(Path workspace, String task, String... options) {
        List<String> args = new ArrayList<>(List.of("run", task, "--workspace", workspace.toString()));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    /**
     * Makes a directory, holding a file of the user's ({@code notes.txt}), where the output of
     * {@code sample.SomeTask --name=NAME} belongs: no file, so the task counts as not complete.
     *
     * @param workspace the workspace
     * @param name the task's {@code name} parameter
     * @return the directory
     * @throws IOException when it cannot be made
     */
    static Path directoryAtOutputOf(Path workspace, String name) throws IOException {
        try (Kart kart = Kart.builder().workspace(workspace).build()) {
            Path output = Path.of(kart.outputs(new SomeTask(name)).get(0).uri());
            Files.createDirectories(output);
            Files.writeString(output.resolve("notes.txt"), "mine");
            return output;
        }
    }
}
