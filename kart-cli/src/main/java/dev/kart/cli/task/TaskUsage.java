package dev.kart.cli.task;

import dev.kart.core.internal.config.KebabCase;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.parameter.ParameterParser;
import dev.kart.core.internal.parameter.ParameterValueException;
import dev.kart.core.internal.parameter.TaskFactory;
import dev.kart.task.NamedOutput;
import dev.kart.task.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Layout;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code kart run TASK --help}: the command's help with the tasks named, in picocli's layout: the
 * command's description and kart's options, then for each task its output and its parameters as
 * options (type, default, whether they enter the unique id), aligned with kart's options.
 */
final class TaskUsage {
    private static final String PARAMETERS = " [--PARAMETER=VALUE...]";

    private TaskUsage() {
    }

    /**
     * @param line the command line of a {@link TaskLine}: kart's options, a subcommand per task
     * @param parts the tasks named, in order
     * @param invocations the same tasks with the values given to them, in the same order
     * @param severalTasks whether the command takes more tasks than one: the synopsis says that more may follow
     * @param configured what the configuration sets parameters to, shown beside their defaults
     * @param out where to print the help
     */
    static void print(CommandLine line, List<TaskLine.Part> parts, List<TaskInvocation> invocations, boolean severalTasks,
            ConfiguredParameters configured, PrintWriter out) {
        CommandSpec spec = line.getCommandSpec();
        UsageMessageSpec usage = spec.usageMessage();
        usage.customSynopsis(spec.qualifiedName() + " [OPTIONS] " + String.join(" ", parts.stream()
                .map(part -> part.word() + PARAMETERS).toList()) + (severalTasks ? " [TASK" + PARAMETERS + "]..." : ""));
        // A task named twice (kart clean A --x=1 A --x=2) is described once.
        Map<TaskType, TaskOptions> tasks = new LinkedHashMap<>();
        parts.forEach(part -> tasks.putIfAbsent(part.options().type(), part.options()));
        Map<TaskType, TaskInvocation> given = new LinkedHashMap<>();
        invocations.forEach(invocation -> given.putIfAbsent(invocation.type(), invocation));
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(usage.sectionMap());
        sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> optionLists(help, tasks, given, configured));
        usage.sectionMap(sections);
        List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.remove(UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING);
        keys.remove(UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
        usage.sectionKeys(keys);
        usage.footer(footer(tasks, configured).toArray(String[]::new));
        line.usage(out);
    }

    private static String optionLists(Help help, Map<TaskType, TaskOptions> tasks, Map<TaskType, TaskInvocation> given,
            ConfiguredParameters configured) {
        List<OptionSpec> kart = help.commandSpec().options().stream().filter(option -> !option.hidden()).toList();
        List<OptionSpec> all = new ArrayList<>(kart);
        Map<TaskType, List<OptionSpec>> shown = new LinkedHashMap<>();
        tasks.values().forEach(task -> shown.put(task.type(), withConfiguredValues(task, configured)));
        shown.values().forEach(all::addAll);
        StringBuilder text = new StringBuilder(list(help, kart, all));
        for (TaskOptions task : tasks.values()) {
            TaskType type = task.type();
            text.append(System.lineSeparator()).append("Task ").append(type.family()).append(System.lineSeparator());
            text.append("  output: ").append(type.hasMainOutput()
                    ? "." + type.outputExtension() + " file holding " + TaskOptions.readable(type.outputType())
                    : "named outputs only (Task<Void>)").append(System.lineSeparator());
            namedOutputs(given.get(type), configured).ifPresent(named -> text.append("  named outputs: ").append(named)
                    .append(System.lineSeparator()));
            if (type.runWithLock()) {
                text.append("  run lock: yes (@RunWithLock)").append(System.lineSeparator());
            }
            text.append(task.shown().isEmpty() ? "This task has no parameters to give on the command line."
                    : "Parameters:").append(System.lineSeparator());
            text.append(list(help, shown.get(type), all));
        }
        return text.toString();
    }

    /**
     * The named outputs of the task as the line's values, the configuration and the defaults make it:
     * {@code namedOutputs()} is the instance's, so it is asked of the task a run would build.
     *
     * @return the outputs, such as {@code summary (.summary.json file holding BookSummary)}, or why
     *     they cannot be listed yet; empty when the task class does not declare any
     */
    private static Optional<String> namedOutputs(TaskInvocation invocation, ConfiguredParameters configured) {
        if (invocation == null || !declaresNamedOutputs(invocation.type().type())) {
            return Optional.empty();
        }
        try {
            Optional<Task<?>> task = configured.task(invocation);
            if (task.isEmpty()) {
                return Optional.empty();
            }
            List<NamedOutput<?>> outputs = task.get().namedOutputs();
            if (outputs == null || outputs.isEmpty()) {
                return Optional.of("none with these parameters");
            }
            return Optional.of(outputs.stream().map(output -> output.name() + " (." + output.name() + "."
                    + output.extension() + " file holding " + TaskOptions.readable(output.type()) + ")")
                    .collect(Collectors.joining(", ")));
        } catch (RuntimeException | LinkageError e) {
            // the help stays readable while the line is incomplete: a run says the same, with the task's name
            return Optional.of("listed once the task can be made (" + Objects.requireNonNullElse(e.getMessage(),
                    e.getClass().getSimpleName()) + ")");
        }
    }

    private static boolean declaresNamedOutputs(Class<?> type) {
        try {
            return type.getMethod("namedOutputs").getDeclaringClass() != Task.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * The task's options, each whose {@code @Default} a run would refuse saying why, and each whose
     * parameter the configuration sets saying so after its default. Only the help parses the
     * defaults: a run parses the one it uses.
     */
    private static List<OptionSpec> withConfiguredValues(TaskOptions task, ConfiguredParameters configured) {
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec option : task.shown()) {
            Optional<TaskParameter> parameter = TaskOptions.parameterOf(option);
            String refused = parameter.flatMap(TaskUsage::refusedDefault).orElse("");
            Optional<String> value = parameter.flatMap(p -> configured.describe(task.type(), p));
            options.add(value.isEmpty() && refused.isEmpty() ? option : OptionSpec.builder(option)
                    .description(option.description()[0] + refused + value.map(text -> " " + text).orElse(""))
                    .build());
        }
        return options;
    }

    /**
     * Why a run would refuse the parameter's {@code @Default} text, such as a duration without a unit:
     * the class compiles with it, and the help is where a user reads it first.
     *
     * @return a sentence to follow the option's description; empty when a run takes the default
     */
    private static Optional<String> refusedDefault(TaskParameter parameter) {
        if (parameter.defaultText().isEmpty()) {
            return Optional.empty();
        }
        String where = "@Default";
        try {
            ParameterParser.fromText(parameter.defaultText().get(), parameter.type(), where);
            return Optional.empty();
        } catch (ParameterValueException e) {
            String message = e.getMessage();
            String reason = message.startsWith(where + ": ") ? message.substring(where.length() + 2) : message;
            return Optional.of(" A run without a value refuses this default: " + reason + ".");
        }
    }

    /** The options in one table whose columns are as wide as those of every list printed. */
    private static String list(Help help, List<OptionSpec> options, List<OptionSpec> all) {
        Layout layout = help.createDefaultLayout(all, List.of(), help.colorScheme());
        return help.optionListExcludingGroups(options, layout, null, help.parameterLabelRenderer());
    }

    private static List<String> footer(Map<TaskType, TaskOptions> tasks, ConfiguredParameters configured) {
        List<String> lines = new ArrayList<>();
        lines.add("");
        for (TaskOptions task : tasks.values()) {
            for (TaskParameter parameter : task.type().parameters()) {
                if (TaskFactory.setInCodeOnly(parameter)) {
                    lines.add(parameter.name() + " (" + TaskOptions.readable(parameter.type()) + ") of "
                            + task.type().simpleName() + " is set in code only: it holds tasks that kart cannot make"
                            + " from the command line or config.");
                }
            }
            Set<TaskType> unsetNamed = new HashSet<>();
            for (TaskParameter dependency : task.type().dependencyParameters()) {
                if (TaskFactory.setInCodeOnly(dependency)) {
                    continue;
                }
                lines.add("--" + KebabCase.of(dependency.name()) + " (" + TaskOptions.readable(dependency.type())
                        + ") of " + task.type().simpleName() + " is a dependency, not a command-line parameter: kart"
                        + " builds it from " + section(TaskOptions.dependencyClass(dependency).getName())
                        + " in config and its defaults.");
                TaskType made = TaskType.of(TaskOptions.dependencyClass(dependency));
                if (configured != ConfiguredParameters.NONE && unsetNamed.add(made)) {
                    // without a configuration read, what config sets is unknown: nothing is claimed
                    unsetWithoutDefault(made, configured).ifPresent(lines::add);
                }
            }
            for (TaskParameter parameter : task.shadowed()) {
                lines.add(TaskOptions.name(parameter) + " is kart's own option: set " + parameter.name() + " of "
                        + task.type().simpleName() + " in config, as in -D '" + section(task.type().family()) + "."
                        + parameter.name() + "=VALUE'.");
            }
        }
        // the task's own key, ready to copy, on a line of its own: picocli wraps a footer where a dot allows it too;
        // several tasks' help names the pattern
        String family = tasks.size() == 1 ? tasks.values().iterator().next().type().family() : "CLASS";
        lines.add("A parameter not given here comes from config, else from its default; the key:");
        lines.add("  " + section(family) + ".NAME");
        lines.add("Parameters in the unique id decide the cache file: a new value means a new run.");
        return lines;
    }

    /**
     * The parameters of a dependency that kart makes and that have neither a default nor a value in config:
     * the dependency's options are not on the command line, so its help is where a user learns, before a
     * run fails, that config must set them.
     *
     * @return a line naming them with a ready {@code -D} for the first; empty when each has a value
     */
    private static Optional<String> unsetWithoutDefault(TaskType dependency, ConfiguredParameters configured) {
        List<TaskParameter> unset = dependency.parameters().stream()
                .filter(p -> p.kind() == ParameterKind.VALUE && p.defaultText().isEmpty() && !TaskFactory.setInCodeOnly(p)
                        && configured.describe(dependency, p).isEmpty())
                .toList();
        if (unset.isEmpty()) {
            return Optional.empty();
        }
        String names = unset.stream().map(p -> p.name() + " (" + TaskOptions.readable(p.type()) + ")")
                .collect(Collectors.joining(", "));
        return Optional.of(dependency.simpleName() + " has no default for " + names + " and config sets "
                + (unset.size() == 1 ? "none" : "none of them") + ": a run fails until config does, as in -D '"
                + section(dependency.family()) + "." + KebabCase.of(unset.get(0).name()) + "=VALUE'.");
    }

    private static String section(String family) {
        return "kart.tasks.\"" + family + "\"";
    }
}
