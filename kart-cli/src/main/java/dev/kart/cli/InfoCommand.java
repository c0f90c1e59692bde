package dev.kart.cli;

import dev.kart.cli.task.TaskInvocation;
import dev.kart.core.internal.graph.TaskNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kart info TASK [--PARAMETER=VALUE...]}: what the workspace's task info says of one task:
 * whether it is complete, which node ran it with which fencing tokens, and every node's attempts.
 */
@Command(name = "info", addMethodSubcommands = false, sortOptions = false,
        description = {"Shows what task info records of a task, without running anything: its unique id, whether it"
                + " is complete, its outputs, which node ran it (host:pid, when, the fencing tokens of its run lease and"
                + " publications), and the attempts of every node that tried it, with collisions, lock waits and"
                + " errors (with -v, each failed attempt's whole stack trace)."},
        footer = {"", "Examples:", "  kart info books.CountWords --minCount=2", "  kart info books.CountWords --minCount=2 -v"})
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // For picocli's first parse and this help; TaskLine reads the words again with the task's parameters.
    @Parameters(paramLabel = "TASK [--PARAMETER=VALUE...]", arity = "0..*",
            description = "The task, then its parameters, as for 'kart run'.")
    List<String> words = new ArrayList<>();

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    TaskHelpOption help;

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
            spec.commandLine().getOut().print(
                    InfoText.render(node, session.history(node), session.infoFile(node), session.objects(), session.store()::exists,
                            runtime.verbose()));
            return ExitCodes.OK;
        }
    }
}
