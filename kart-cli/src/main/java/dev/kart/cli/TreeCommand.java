package dev.kart.cli;

import static dev.kart.cli.CommandModel.flag;
import static dev.kart.cli.CommandModel.given;
import static dev.kart.cli.CommandModel.option;
import static dev.kart.cli.CommandModel.taskWords;

import dev.kart.cli.task.TaskInvocation;
import dev.kart.cli.tree.TreeFormat;
import dev.kart.cli.tree.TreeView;
import dev.kart.core.internal.graph.TaskGraph;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code kart tree TASK [--PARAMETER=VALUE...]}: the dependency tree with each task's state, id and outputs. */
final class TreeCommand implements Callable<Integer> {
    private final RuntimeOptions runtime;
    private final TaskHelpOption help = new TaskHelpOption();
    private CommandSpec spec;
    private final PositionalParamSpec words = taskWords("The task, then its parameters, as for 'kart run'.", false);
    private final OptionSpec format = option(OptionSpec.builder("--format").paramLabel("FORMAT").type(TreeFormat.class)
            .defaultValue("text").description("text, json, dot (Graphviz) or mermaid. Default: ${DEFAULT-VALUE}."), null);
    private final OptionSpec depth = option(OptionSpec.builder("--depth").paramLabel("N").type(Integer.class)
            .description("Show N levels of dependencies below the task (0: the task alone). Default: all."), null);
    private final OptionSpec pending = flag(OptionSpec.builder("--pending")
            .description("Show only the tasks not complete (what a build would run); the dependencies of a"
                    + " complete task are not shown, as a build does not run them."));
    private final OptionSpec all = flag(OptionSpec.builder("--all")
            .description("In the text tree, draw every task of a class under one task instead of the first of"
                    + " them with a count."));

    private TreeCommand(RuntimeOptions runtime) {
        this.runtime = runtime;
    }

    /**
     * @param runtime the command's runtime options
     * @return picocli's model of {@code kart tree}, bound to a new command
     */
    static CommandSpec create(RuntimeOptions runtime) {
        return new TreeCommand(runtime).model();
    }

    private CommandSpec model() {
        spec = CommandSpec.wrapWithoutInspection(this).name("tree");
        spec.usageMessage().sortOptions(false)
                .description("Shows a task's dependency tree without running anything: each task's state (COMPLETE"
                        + " when all its outputs exist, else PENDING), unique id and output paths.", "In the text tree,"
                        + " three or more tasks of one class under one task show as the first of them with a count"
                        + " (--all shows each); --depth and --pending apply to every format.")
                .footer("", "Examples:", "  kart tree books.BookReport --top=20 \\",
                        "      --classpath kart-examples/target/kart-examples.jar",
                        "  kart tree books.BookReport --pending --depth 2 \\",
                        "      --classpath kart-examples/target/kart-examples.jar",
                        "  kart tree books.BookReport --format dot \\",
                        "      --classpath kart-examples/target/kart-examples.jar | dot -Tsvg > tree.svg");
        spec.addPositional(words);
        for (OptionSpec option : List.of(format, depth, pending, all)) {
            spec.addOption(option);
        }
        spec.addMixin("runtime", runtime.mixin("", true));
        spec.addMixin("help", help.mixin());
        return spec;
    }

    @Override
    public Integer call() {
        Optional<TaskInvocation> named = TaskWords.oneTaskOrHelp(spec, runtime, help,
                "name the task whose tree to show, such as books.BookReport");
        if (named.isEmpty()) {
            return ExitCodes.OK;
        }
        TaskInvocation invocation = named.get();
        Integer levels = depth.getValue();
        if (levels != null && levels < 0) {
            throw new UsageException("--depth " + levels + " must be 0 (the task alone) or more");
        }
        TreeView view = new TreeView(levels == null ? TreeView.UNLIMITED : levels, given(pending), given(all));
        try (Session session = runtime.open(Map.of())) {
            // --pending: the graph as a build plans it, a complete task without its dependencies, so
            // the tree, its counts and --dry-run agree on what would run
            TaskGraph graph = session.graph(session.task(invocation), !given(pending));
            TreeFormat chosen = format.getValue();
            spec.commandLine().getOut().print(chosen.render(graph, view, session.objects(), session.store()::occupant));
            return ExitCodes.OK;
        }
    }
}
