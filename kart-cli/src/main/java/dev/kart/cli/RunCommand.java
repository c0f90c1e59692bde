package dev.kart.cli;

import static dev.kart.cli.CommandModel.flag;
import static dev.kart.cli.CommandModel.given;
import static dev.kart.cli.CommandModel.option;
import static dev.kart.cli.CommandModel.taskWords;

import dev.kart.TaskDefinitionException;
import dev.kart.config.KartConfigException;
import dev.kart.cli.progress.LockWaitNotes;
import dev.kart.cli.progress.ProgressDisplay;
import dev.kart.cli.report.BuildReportJson;
import dev.kart.cli.report.FailedAttemptTraces;
import dev.kart.cli.task.TaskCatalog;
import dev.kart.cli.task.TaskInvocation;
import dev.kart.core.BuildListener;
import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.OutputLocation;
import dev.kart.core.TaskState;
import dev.kart.core.internal.graph.RerunClassNotInGraphException;
import dev.kart.core.internal.graph.TaskGraph;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.lock.LockBackends;
import dev.kart.task.Task;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kart run TASK [--PARAMETER=VALUE...]}: builds a task and prints the execution summary. */
final class RunCommand implements Callable<Integer> {
    private final RuntimeOptions runtime;
    private final TaskHelpOption help = new TaskHelpOption();
    private CommandSpec spec;
    private final PositionalParamSpec words = taskWords("The task, then its parameters. Name it fully qualified"
            + " (dev.kart.examples.books.BookReport), as package.Name (books.BookReport), or by its class name alone"
            + " when no other task has it (BookReport).", false);
    private final OptionSpec workers = option(OptionSpec.builder("--workers").paramLabel("N").type(Integer.class)
            .description("Worker threads (kart.workers; default 1)."), null);
    private final OptionSpec rerun = flag(OptionSpec.builder("--rerun")
            .description("Run the task even when its output exists (its dependencies only when missing)."));
    private final OptionSpec rerunTasks = option(OptionSpec.builder("--rerun-task").paramLabel("TASK").type(List.class)
            .auxiliaryTypes(String.class)
            .description("Run every task of this class in the graph again, even when complete, and every task"
                    + " that depends on one of them; repeatable. Named as the task to build is (books.CountWords,"
                    + " CountWords or fully qualified)."), List.of());
    private final OptionSpec rerunAll = flag(OptionSpec.builder("--rerun-all")
            .description("Run every task of the graph again, even when complete."));
    private final OptionSpec dryRun = flag(OptionSpec.builder("--dry-run")
            .description("Show what would run and why (output missing, rerun asked, pending dependencies),"
                    + " without running anything: no lock is taken and nothing is written."));
    private final OptionSpec listAll = flag(OptionSpec.builder("--all")
            .description("With --dry-run, list every task that would run instead of three or more of one class"
                    + " with one reason as one line with a count (as kart tree --all)."));
    private final OptionSpec noProgress = flag(OptionSpec.builder("--no-progress")
            .description("No progress view (there is none anyway when output is not a terminal)."));
    private final OptionSpec quiet = flag(OptionSpec.builder("-q", "--quiet")
            .description("No task log lines on the console: only warnings and errors (the lines are kept in task"
                    + " info all the same); no notes of run-lock waits or of the in-memory lock backend either."));
    private final OptionSpec json = flag(OptionSpec.builder("--json")
            .description("Print the build report as JSON on stdout instead of the summary (fields: docs/cli.md)."));
    private final OptionSpec reportFile = option(OptionSpec.builder("--report").paramLabel("FILE").type(Path.class)
            .description("Also write the build report as JSON to FILE; the summary is still printed."), null);

    private RunCommand(RuntimeOptions runtime) {
        this.runtime = runtime;
    }

    /**
     * @param runtime the command's runtime options
     * @return picocli's model of {@code kart run}, bound to a new command
     */
    static CommandSpec create(RuntimeOptions runtime) {
        return new RunCommand(runtime).model();
    }

    private static String[] footer() {
        List<String> lines = new ArrayList<>(List.of("", "Examples:",
                "  kart run com.acme.Report --day=2025-03-14 --classpath 'target/classes:lib/*'",
                "  kart run books.BookReport --top=20 --workers 2 \\",
                "      --classpath kart-examples/target/kart-examples.jar",
                "  kart run books.BookReport --dry-run --rerun-task books.CountWords \\",
                "      --classpath kart-examples/target/kart-examples.jar",
                "  kart run sample.SomeTask --local-scheduler --redis-host=localhost \\",
                "      --redis-port=6379 --classpath kart-examples/target/kart-examples.jar", ""));
        lines.addAll(ExitCodes.helpLines("usage or configuration error"));
        return lines.toArray(String[]::new);
    }

    private CommandSpec model() {
        spec = CommandSpec.wrapWithoutInspection(this).name("run");
        spec.usageMessage().sortOptions(false)
                .description("Builds a task: runs what is missing of its dependency graph and loads the rest from the"
                        + " workspace.", "Task parameters follow the task, mixed with these options in any order:"
                        + " --NAME=VALUE (or --NAME VALUE; a boolean alone means true).",
                        // a line of its own, so that the command to copy is not cut in two
                        "'kart run TASK --help' lists a task's parameters under its name.")
                .footer(footer());
        spec.addPositional(words);
        for (OptionSpec option : List.of(workers, rerun, rerunTasks, rerunAll, dryRun, listAll, noProgress, quiet, json,
                reportFile)) {
            spec.addOption(option);
        }
        spec.addMixin("runtime", runtime.mixin("of every failed attempt, on stderr before the summary, ", true));
        spec.addMixin("help", help.mixin());
        return spec;
    }

    @Override
    public Integer call() {
        Optional<TaskInvocation> named = TaskWords.oneTaskOrHelp(spec, runtime, help,
                "name the task to build, such as books.BookReport");
        if (named.isEmpty()) {
            return ExitCodes.OK;
        }
        TaskInvocation invocation = named.get();
        Integer workerCount = workers.getValue();
        if (workerCount != null && workerCount < 1) {
            throw new UsageException("--workers " + workerCount + " must be at least 1");
        }
        checkReportFile();
        if (given(listAll) && !given(dryRun)) {
            throw new UsageException("--all lists every task of a dry run: use it with --dry-run");
        }
        if (given(dryRun) && (given(json) || reportFile.getValue() != null)) {
            throw new UsageException((given(json) ? "--json" : "--report") + " gives the report of a build, and"
                    + " --dry-run runs none: use one or the other");
        }
        if (given(quiet)) {
            ConsoleLogging.warningsOnly();
        }
        // The handlers stay until the session is closed: a second delivery of the signal (GNU timeout
        // sends one to the process group too) must not end the JVM before the session released its leases.
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), spec.commandLine().getErr())) {
            try {
                int exitCode = runAndReport(invocation, signals);
                if (exitCode == ExitCodes.OK && ArchiveRecording.underWay()) {
                    // after the summary: this run's time does not matter, later runs' start does
                    ArchiveRecording.loadListedClasses();
                }
                return exitCode;
            } catch (RuntimeException e) {
                if (signals.received().isEmpty()) {
                    throw e;
                }
                // The signal interrupted a request to the workspace's store or the lock server before
                // the build ran (opening the workspace, checking what is complete): its error is the
                // interrupt's, and the session, closed by now, released what it held.
                Thread.interrupted();
                spec.commandLine().getErr().println("Interrupted by SIG" + signals.received().get()
                        + " before the build ran; nothing was published, and every lock this process held was released.");
                return signals.exitCode();
            }
        }
    }

    /** Runs the build and prints its report; returns the exit code. */
    private int runAndReport(TaskInvocation invocation, SignalInterrupts signals) {
        PrintWriter out = spec.commandLine().getOut();
        BuildReport<?> report;
        List<OutputLocation> outputs = List.of();
        Integer workerCount = workers.getValue();
        Session session = runtime.open(workerCount == null ? Map.of() : Map.of("kart.workers", workerCount));
        try (session) {
            if (session.leasesEndWithProcess()) {
                signals.settingsReadLeasesEndingWithProcess(session.interruptGrace().setting(), session.lockBackendName());
            } else {
                signals.settingsRead(session.interruptGrace().setting(), session.leaseTtlSetting());
            }
            Task<?> task = session.task(invocation);
            Reruns reruns = reruns();
            BuildOptions options = reruns.options();
            // made once: the build runs this graph rather than walking it (and checking every output) again
            TaskGraph plan = plan(session, task, reruns);
            if (given(dryRun)) {
                DryRun.print(plan, session.store(), session.objects(), given(listAll), out);
                return ExitCodes.OK;
            }
            if (!given(quiet) && session.lockBackendName().equals(LockBackends.DEFAULT_BACKEND) && runsLocked(plan)) {
                // said once: with two processes on one workspace, the run lock looks like it should coordinate them;
                // a note, not a warning, so --quiet leaves it out
                spec.commandLine().getErr().println("kart: note: the in-memory lock backend coordinates this process"
                        + " only; other processes on this workspace do not see its run locks (use the Redis backend to"
                        + " coordinate them, see docs/redis.md)");
            }
            if (writes(plan)) {
                // the lock backend opened first, as the build opens it: one that cannot be reached stops the command
                // before it makes anything
                session.kart().lockBackend();
                session.workspace().localRoot().ifPresent(RunCommand::createWorkspace);
            }
            try (ProgressDisplay progress = ProgressDisplay.onTerminal(!given(noProgress))) {
                signals.whenStopping(progress::stopAsked);
                signals.beforeQuitting(progress::takeDown);
                // without the view a wait for a run lock (up to a killed holder's TTL) would show nothing,
                // unless --quiet asked for warnings and errors only: a wait is neither
                LockWaitNotes notes = progress.listener() != BuildListener.NONE || given(quiet) ? null
                        : new LockWaitNotes(spec.commandLine().getErr(), session.waitTimeout());
                BuildListener listener = notes != null ? notes : progress.listener();
                // closed even when the build throws: a wait's pending timer must not print after kart's error
                try (notes) {
                    report = session.run(plan, listener);
                }
            }
            // an interrupted build leaves the flag set; the session's releases must not see it
            Thread.interrupted();
            if (runtime.verbose()) {
                FailedAttemptTraces.print(report, spec.commandLine().getErr());
            }
            printReport(out, report, session);
            if (!runtime.verbose() && !given(json) && report.outcomes().stream().anyMatch(outcome ->
                    outcome.state() == TaskState.FAILED && outcome.taskInfo().isEmpty() && outcome.taskInfoUri().isEmpty())) {
                // the summary names no task info file for such a failure: this is the one way left to its stack trace
                spec.commandLine().getErr().println("kart: -v prints every failed attempt's stack trace, which no task"
                        + " info holds here (kart.task-info.enabled = false, or its write failed)");
            }
            if (report.succeeded() && !given(json)) {
                outputs = session.kart().outputs(task);
            }
        }
        if (signals.received().isPresent()) {
            // the build returned early, and closing the session released what its tasks still held, but for what the
            // lock server never confirmed (Redis not answering): others may wait for those until their TTL runs out
            (given(json) ? spec.commandLine().getErr() : out).println("Interrupted by SIG" + signals.received().get()
                    + "; " + releasedLine(session.unconfirmedReleases(), session.leaseTtlSetting()));
            return signals.exitCode();
        }
        printOutputs(out, outputs);
        return report.succeeded() ? ExitCodes.OK : ExitCodes.TASK_FAILED;
    }

    /** @return whether the build runs a task: not a cached run's (a loop, not a stream: no lambda on its path) */
    private static boolean writes(TaskGraph plan) {
        for (TaskNode node : plan.nodes()) {
            if (!node.complete()) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the build runs a task that takes its run lock */
    private static boolean runsLocked(TaskGraph plan) {
        for (TaskNode node : plan.nodes()) {
            if (!node.complete() && node.settings().lockRun()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes a local workspace's directory before a build that writes to it: one that cannot be made or written (a
     * directory of another user's, a read-only mount) is one error naming it, not a failed write in every task.
     *
     * @throws KartConfigException when the directory cannot be made
     */
    private static void createWorkspace(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            String why = e instanceof AccessDeniedException denied ? "permission denied at " + denied.getFile()
                    : e instanceof FileSystemException failed ? (failed.getReason() != null ? failed.getReason()
                            : e.getClass().getSimpleName()) + " at " + failed.getFile() : e.toString();
            throw new KartConfigException("cannot create the workspace " + root + " (kart.workspace): " + why
                    + "; expected a directory this user can create and write: give another with --workspace DIR", e);
        }
        // one that stands already but takes no file (another user's, a read-only mount) fails every task's write
        if (!Files.isWritable(root)) {
            throw new KartConfigException("cannot write to the workspace " + root + " (kart.workspace): this user may not"
                    + " create files there; expected a directory this user can create and write: give another with"
                    + " --workspace DIR");
        }
    }

    /**
     * @param unconfirmed the keys whose release the lock backend never confirmed
     * @param ttl the lease TTL with its key, as {@code kart.lock.ttl = 3m}
     * @return what the last line of an interrupted build says of the locks it held
     */
    static String releasedLine(List<String> unconfirmed, String ttl) {
        if (unconfirmed.isEmpty()) {
            return "every lock this process held was released.";
        }
        int shown = Math.min(unconfirmed.size(), 10);
        // nothing said of the others: the backend knows which releases went unconfirmed, not how many locks there were
        return "the lock backend never confirmed the release of " + (unconfirmed.size() == 1 ? "1 lock this process held;"
                + " it may stay held" : unconfirmed.size() + " locks this process held; they may stay held")
                + " until the TTL runs out (" + ttl + "): "
                + String.join(", ", unconfirmed.subList(0, shown)) + (unconfirmed.size() > shown ? ", ..." : ".");
    }

    /** Refuses a report file that cannot be written before anything runs, rather than after the build. */
    private void checkReportFile() {
        Path report = reportFile.getValue();
        if (report == null) {
            return;
        }
        if (Files.isDirectory(report)) {
            // asked first: the check below would blame the directory's parent
            throw new UsageException("--report " + report + ": a directory, expected a file to write the build report to"
                    + " (such as " + report.resolve("report.json") + ")");
        }
        Path directory = report.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new UsageException("--report " + report + ": cannot write the build report there (expected a"
                    + " file in an existing, writable directory: " + directory + ")");
        }
    }

    /** The summary or, with --json, the JSON report on stdout; with --report, the JSON report in its file too. */
    private void printReport(PrintWriter out, BuildReport<?> report, Session session) {
        Path file = reportFile.getValue();
        String document = given(json) || file != null ? BuildReportJson.render(report, session.kart()::outputs) : null;
        if (given(json)) {
            out.print(document);
            out.flush();
        } else {
            out.println(report.summary(new PathDisplay()));
        }
        if (file != null) {
            try {
                Files.writeString(file, document, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the build report to " + file, e);
            }
        }
    }

    /**
     * What runs again, as the command line asked.
     *
     * @param options the build's options that say so
     * @param taskClasses the class each {@code --rerun-task} names, by the name given, in the order given
     */
    private record Reruns(BuildOptions options, Map<String, Class<?>> taskClasses) {
    }

    /**
     * @return the build's rerun options, each {@code --rerun-task} resolved to a task class
     * @throws UsageException when a name is no task
     */
    private Reruns reruns() {
        BuildOptions options = BuildOptions.defaults().withRerun(given(rerun)).withRerunAll(given(rerunAll));
        List<String> rerunNames = rerunTasks.getValue();
        if (rerunNames.isEmpty()) {
            return new Reruns(options, Map.of());
        }
        TaskCatalog catalog = new TaskCatalog(runtime.classLoader()).withoutClassPathHints();
        Map<String, Class<?>> taskClasses = new LinkedHashMap<>();
        for (String name : rerunNames) {
            taskClasses.computeIfAbsent(name, given -> rerunTaskClass(catalog, given));
        }
        for (Class<?> type : taskClasses.values()) {
            options = options.withRerunTask(taskClass(type));
        }
        return new Reruns(options, taskClasses);
    }

    /**
     * @param session the command's session
     * @param root the task to build
     * @param reruns which tasks run again
     * @return the graph the build runs, made once
     * @throws UsageException when a {@code --rerun-task} names a class of which no task is in the graph: the first
     *     such name given, with the graph's task classes
     */
    private static TaskGraph plan(Session session, Task<?> root, Reruns reruns) {
        try {
            return session.plan(root, reruns.options());
        } catch (RerunClassNotInGraphException e) {
            // the first such --rerun-task given, in the command line's words
            for (Map.Entry<String, Class<?>> named : reruns.taskClasses().entrySet()) {
                String name = named.getKey();
                Class<?> type = named.getValue();
                if (e.missing().contains(type.getName())) {
                    throw new UsageException("--rerun-task " + name + ": no task of " + type.getName() + " is in the"
                            + " graph of " + TaskCatalog.shortName(root.getClass().getName()) + "; its task classes are "
                            + e.graphClasses().stream().map(TaskCatalog::shortName).toList());
                }
            }
            throw e;
        }
    }

    /**
     * @return the task class a {@code --rerun-task} names
     * @throws UsageException when the name is no task; the message starts with the option and the name
     */
    private static Class<?> rerunTaskClass(TaskCatalog catalog, String name) {
        try {
            return catalog.resolve(name);
        } catch (UsageException e) {
            throw new UsageException("--rerun-task " + name + ": " + e.getMessage());
        } catch (TaskDefinitionException e) {
            throw new TaskDefinitionException("--rerun-task " + name + ": " + e.getMessage(), e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Task<?>> taskClass(Class<?> type) {
        return (Class<? extends Task<?>>) type;  // TaskCatalog resolves task classes only
    }

    private static void printOutputs(PrintWriter out, List<OutputLocation> outputs) {
        PathDisplay paths = new PathDisplay();
        for (int i = 0; i < outputs.size(); i++) {
            java.net.URI uri = outputs.get(i).uri();
            out.println((i == 0 ? "Output: " : "        ") + ("file".equals(uri.getScheme()) ? paths.apply(Path.of(uri))
                    : uri.toString()));
        }
    }
}
