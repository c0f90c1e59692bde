package dev.kart.cli;

import static dev.kart.cli.CommandModel.taskWords;

import dev.kart.cli.task.TaskInvocation;
import dev.kart.core.internal.graph.TaskNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code kart info TASK [--PARAMETER=VALUE...]}: what the workspace's task info says of one task:
 * whether it is complete, which node ran it with which fencing tokens, and every node's attempts.
 */
final class InfoCommand implements Callable<Integer> {
    private final RuntimeOptions runtime;
    private final TaskHelpOption help = new TaskHelpOption();
    private CommandSpec spec;
    private final PositionalParamSpec words = taskWords("The task, then its parameters, as for 'kart run'.", false);

    private InfoCommand(RuntimeOptions runtime) {
        this.runtime = runtime;
    }

    /**
     * @param runtime the command's runtime options
     * @return picocli's model of {@code kart info}, bound to a new command
     */
    static CommandSpec create(RuntimeOptions runtime) {
        return new InfoCommand(runtime).model();
    }

    private CommandSpec model() {
        spec = CommandSpec.wrapWithoutInspection(this).name("info");
        spec.usageMessage().sortOptions(false)
                .description("Shows what task info records of a task, without running anything: its unique id,"
                        + " whether it is complete, its outputs, which node ran it (host:pid, when, the fencing"
                        + " tokens of its run lease and publications), and the attempts of every node that tried it,"
                        + " with collisions, lock waits and errors (with -v, each failed attempt's whole stack trace),"
                        + " then the log lines each node's record kept (the last 20; with -v, every one). With a"
                        + " lock backend that nodes share (--redis-host, --redis-port), whether the task's run lock is"
                        + " held now, and by whom: a run in progress, or a killed one whose lease has not run out yet.")
                .footer("", "Examples:", "  kart info books.BookReport --top=20 \\",
                        "      --classpath kart-examples/target/kart-examples.jar",
                        "  kart info books.CountWords -v \\",
                        "      --classpath kart-examples/target/kart-examples.jar");
        spec.addPositional(words);
        spec.addMixin("runtime",
                runtime.mixin("of every attempt recorded in task info, with the log lines kept there, ", true));
        spec.addMixin("help", help.mixin());
        return spec;
    }

    @Override
    public Integer call() {
        Optional<TaskInvocation> named = TaskWords.oneTaskOrHelp(spec, runtime, help,
                "name the task whose info to show, such as books.CountWords");
        if (named.isEmpty()) {
            return ExitCodes.OK;
        }
        TaskInvocation invocation = named.get();
        try (Session session = runtime.open(Map.of())) {
            TaskNode node = session.graph(session.task(invocation), false).root();
            // asked of a backend nodes share only: the in-memory one knows this process's locks, none of a run's
            // before it; and without Redis configured no client of it is loaded, which keeps kart info quick
            Optional<RunLockNow> runLock = session.leasesEndWithProcess() ? Optional.empty()
                    : Optional.of(RunLockNow.lookUp(() -> session.runLockHolder(node.uniqueId())));
            spec.commandLine().getOut().print(
                    InfoText.render(node, session.history(node), session.infoFile(node), session.objects(), session.store(),
                            runtime.verbose(), runLock));
            return ExitCodes.OK;
        }
    }
}
