package dev.kart.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
