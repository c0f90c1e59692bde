package dev.kart.cli;

import dev.kart.cli.progress.ProgressDisplay;
import dev.kart.cli.task.TaskInvocation;
import dev.kart.cli.task.TaskLine;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.OutputLocation;
import dev.kart.task.Task;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kart run TASK [--PARAMETER=VALUE...]}: builds a task and prints the execution summary. */
@Command(name = "run", sortOptions = false,
        description = {"Builds a task: runs what is missing of its dependency graph and loads the rest from the"
                + " workspace.", "Task parameters follow the task, mixed with these options in any order: --NAME=VALUE"
                + " (or --NAME VALUE; a boolean alone means true). 'kart run TASK --help' lists them."},
        footer = {"", "Examples:", "  kart run books.BookReport --top=20 --workers 2",
            "  kart run sample.SomeTask --local-scheduler \\", "      --redis-host=localhost --redis-port=6379",
            "", "Exit codes: 0 all done, 1 a task failed, 2 usage or configuration error, 3 lock backend unreachable,",
            "  130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM (locks released in both cases)."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // For picocli's first parse and this help; TaskLine reads the words again with the task's parameters.
    @Parameters(paramLabel = "TASK [--PARAMETER=VALUE...]", arity = "0..*",
            description = "The task: fully qualified (dev.kart.examples.books.BookReport), or package.Name"
                    + " (books.BookReport), then its parameters.")
    List<String> words = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads (kart.workers; default 1).")
    Integer workers;

    @Option(names = "--rerun", description = "Run the task even when its output exists (its dependencies only when"
            + " missing).")
    boolean rerun;

    @Option(names = "--no-progress", description = "No progress bar (there is none anyway when output is not a"
            + " terminal).")
    boolean noProgress;

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    TaskHelpOption help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        TaskLine line = TaskWords.read(spec, runtime, false);
        if (help.requested) {
            return TaskWords.help(spec, line);
        }
        TaskInvocation invocation = TaskWords.required(line, "name the task to build, such as books.BookReport").get(0);
        if (workers != null && workers < 1) {
            throw new UsageException("--workers " + workers + " must be at least 1");
        }
        // The handlers stay until the session is closed: a second delivery of the signal (GNU timeout
        // sends one to the process group too) must not end the JVM before the session released its leases.
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), spec.commandLine().getErr())) {
            BuildReport<?> report;
            List<OutputLocation> outputs = List.of();
            try (Session session = runtime.open(workers == null ? Map.of() : Map.of("kart.workers", workers))) {
                Task<?> task = session.task(invocation);
                try (ProgressDisplay progress = ProgressDisplay.onTerminal(!noProgress)) {
                    report = session.kart().run(task, BuildOptions.defaults().withRerun(rerun).withListener(progress));
                }
                // an interrupted build leaves the flag set; the session's releases must not see it
                Thread.interrupted();
                if (report.succeeded()) {
                    outputs = session.kart().outputs(task);
                }
            }
            out.println(report.summary());
            if (signals.received().isPresent()) {
                // the build returned early, and closing the session released what its tasks still held
                out.println("Interrupted by SIG" + signals.received().get() + "; every lock this process held"
                        + " was released.");
                return signals.exitCode();
            }
            printOutputs(out, outputs);
            return report.succeeded() ? ExitCodes.OK : ExitCodes.TASK_FAILED;
        }
    }

    private static void printOutputs(PrintWriter out, List<OutputLocation> outputs) {
        PathDisplay paths = new PathDisplay();
        for (int i = 0; i < outputs.size(); i++) {
            out.println((i == 0 ? "Output: " : "        ") + paths.apply(Path.of(outputs.get(i).uri())));
        }
    }
}
