package dev.kart.cli;

import dev.kart.cli.task.TaskInvocation;
import dev.kart.cli.task.TaskLine;
import dev.kart.cli.tree.TreeFormat;
import dev.kart.core.internal.graph.TaskGraph;
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

/** {@code kart tree TASK [--PARAMETER=VALUE...]}: the dependency tree with each task's state, id and outputs. */
@Command(name = "tree", sortOptions = false,
        description = {"Shows a task's dependency tree without running anything: each task's state (COMPLETE when"
                + " all its outputs exist, else PENDING), unique id and output paths."},
        footer = {"", "Examples:", "  kart tree books.BookReport --top=20",
            "  kart tree books.BookReport --format dot | dot -Tsvg > tree.svg"})
final class TreeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    // For picocli's first parse and this help; TaskLine reads the words again with the task's parameters.
    @Parameters(paramLabel = "TASK [--PARAMETER=VALUE...]", arity = "0..*",
            description = "The task, then its parameters, as for 'kart run'.")
    List<String> words = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, dot (Graphviz) or mermaid. Default: ${DEFAULT-VALUE}.")
    TreeFormat format;

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    TaskHelpOption help;

    @Override
    public Integer call() {
        TaskLine line = TaskWords.read(spec, runtime, false);
        if (help.requested) {
            return TaskWords.help(spec, line);
        }
        TaskInvocation invocation = TaskWords.required(line,
                "name the task whose tree to show, such as books.BookReport").get(0);
        try (Session session = runtime.open(Map.of())) {
            TaskGraph graph = session.graph(session.task(invocation), true);
            spec.commandLine().getOut().print(format.render(graph, new PathDisplay()));
            return ExitCodes.OK;
        }
    }
}
