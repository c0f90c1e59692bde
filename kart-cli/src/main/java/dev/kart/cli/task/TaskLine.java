package dev.kart.cli.task;

import dev.kart.KartException;
import dev.kart.cli.UsageException;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line that names tasks, each followed by its parameters, read by one picocli parse:
 * {@code kart run books.BookReport --top 5 --workers 2}, {@code kart clean A --x=1 B --y=2 --delete}.
 *
 * <p>The command's own options are copied into a new command as inherited options, and each task named
 * becomes a subcommand, named as typed, that holds the task's parameters ({@link TaskOptions}); the
 * second task of {@code clean} is a subcommand of the first, and so on. So after a task, its
 * parameters and kart's options mix in any order, and a misspelt name is suggested from both; before
 * the first task, only kart's options are known. (A chain rather than picocli's repeatable
 * subcommands: picocli repeats a subcommand by copying it, and a copy of a command built in code loses
 * its options.)
 *
 * <p>Which words are task names depends on the tasks' parameters (in {@code A --x 5}, {@code 5} is a
 * value when {@code --x} takes one), so the line is parsed again for each task found: the first word
 * that picocli cannot match, where a task may stand, is looked up as a task and becomes the next
 * subcommand. picocli stops at that word, so nothing after it is judged before its task is known.
 */
public final class TaskLine {
    private final CommandLine line;
    private final List<Part> parts;
    private final boolean severalTasks;
    private final List<TaskInvocation> invocations;
    private final List<String> notes;

    private TaskLine(CommandLine line, List<Part> parts, boolean severalTasks, List<TaskInvocation> invocations,
            List<String> notes) {
        this.line = line;
        this.parts = List.copyOf(parts);
        this.severalTasks = severalTasks;
        this.invocations = List.copyOf(invocations);
        this.notes = List.copyOf(notes);
    }

    /**
     * One task of the line.
     *
     * @param word the task's name as typed
     * @param options its parameters as options
     */
    record Part(String word, TaskOptions options) {
    }

    /**
     * @param command the command as declared, whose options are kart's (such as {@code --workers});
     *     its command line gives the output streams and the name errors show
     * @param args the command's arguments, as typed after the command's name
     * @param resolve turns a task name into its type
     * @param severalTasks whether more than one task may be named
     * @param ofAnotherCommand what to say of an option the command does not have, by its name, when
     *     another command has it (such as {@code -q is an option of kart run, not of kart tree})
     * @return the line read
     * @throws ParameterException when a word is not an option of kart or a parameter of its task, a
     *     value is missing, or a parameter is given twice; the message names the word and the task. A
     *     {@link TaskParameterException} when the word is a task's: it names the task as typed
     * @throws UsageException when a task name is unknown or ambiguous
     * @throws dev.kart.TaskDefinitionException when a named class cannot be a task
     */
    public static TaskLine parse(CommandSpec command, List<String> args, Function<String, TaskType> resolve,
            boolean severalTasks, Function<String, Optional<String>> ofAnotherCommand) {
        TaskLineErrors errors = new TaskLineErrors(command.commandLine(), args,
                words -> firstTask(command, words, resolve, ofAnotherCommand), ofAnotherCommand, resolve);
        List<Part> parts = new ArrayList<>();
        while (true) {
            CommandLine line = build(command, parts);
            ParseResult result;
            try {
                result = line.parseArgs(args.toArray(String[]::new));
            } catch (UnmatchedArgumentException e) {
                Optional<String> task = taskWord(e, severalTasks);
                // --flag yes: picocli takes only true or false after a flag, so "yes" is left over
                Optional<ParameterException> flagValue = errors.valueAfterFlag(e, args);
                if (task.isPresent()) {
                    TaskType type;
                    try {
                        type = resolve.apply(task.get());
                    } catch (UsageException notATask) {
                        if (flagValue.isPresent()) {
                            throw flagValue.get();
                        }
                        throw errors.withMisspeltOptions(notATask, args, command.optionsMap().keySet());
                    }
                    parts.add(new Part(task.get(), TaskOptions.of(type, command.optionsMap().keySet())));
                    continue;
                }
                throw flagValue.orElseGet(() -> errors.explain(e));
            } catch (ParameterException e) {
                throw errors.explain(e);
            }
            keepRepeatedValues(command, result);
            return new TaskLine(line, parts, severalTasks, invocations(result, errors), shadowedNotes(result, parts));
        }
    }

    /**
     * A warning for each of kart's options given after a task's name that also names a parameter of that
     * task: kart takes the option (as {@code --workers}), and the parameter keeps the value config or its
     * default gives, which a user who meant the task's would not see otherwise, in the cache file's unique id.
     */
    private static List<String> shadowedNotes(ParseResult result, List<Part> parts) {
        // once per task class and option, as a task named twice has its parameters twice
        Set<String> notes = new LinkedHashSet<>();
        int index = 0;
        for (ParseResult task = result; task.hasSubcommand(); index++) {
            task = task.subcommand();
            // given after this task's name, where its own parameters go (before it, it is plainly kart's)
            TaskOptions options = parts.get(index).options();
            for (TaskParameter parameter : options.shadowed()) {
                String option = TaskOptions.name(parameter);
                if (task.hasMatchedOption(option)) {
                    String family = options.type().family();
                    notes.add("kart: warning: " + option + " after task " + family + " is kart's own option, not the"
                            + " task's parameter " + parameter.name() + ", which keeps the value config or its default"
                            + " gives (to set it: -D 'kart.tasks.\"" + family + "\"." + parameter.name() + "=VALUE')");
                }
            }
        }
        return List.copyOf(notes);
    }

    /**
     * @param command the command as declared
     * @param words words of its line
     * @param resolve turns a task name into its type
     * @param ofAnotherCommand what to say of an option another command has
     * @return the task the words name first, as typed, read as {@link #parse} reads them: also when a
     *     mistake in its parameters follows it; empty when they name none, or a mistake comes before it
     */
    private static Optional<String> firstTask(CommandSpec command, List<String> words,
            Function<String, TaskType> resolve, Function<String, Optional<String>> ofAnotherCommand) {
        try {
            // one task: a word after it that names another is a mistake of the first
            return parse(command, words, resolve, false, ofAnotherCommand).parts.stream().map(Part::word).findFirst();
        } catch (TaskParameterException ofTheTask) {
            return Optional.of(ofTheTask.task());
        } catch (ParameterException | KartException noTask) {
            return Optional.empty();
        }
    }

    /**
     * Gives each of kart's options that takes several values (-D, --rerun-task) every value given on
     * the line, before the first task and after any. picocli matches them at each place with the copy of
     * the option made for it, and the copy's first match starts a new collection in the command's field,
     * which dropped the values given before the task; they are parsed again here, all in one.
     */
    private static void keepRepeatedValues(CommandSpec command, ParseResult result) {
        for (OptionSpec option : command.options()) {
            if (!option.isMultiValue()) {
                continue;
            }
            List<String> words = new ArrayList<>();
            int places = 0;
            for (ParseResult place = result; place != null; place = place.hasSubcommand() ? place.subcommand() : null) {
                OptionSpec matched = place.matchedOption(option.longestName());
                if (matched != null) {
                    places++;
                    for (String value : matched.originalStringValues()) {
                        words.add(option.longestName());
                        words.add(value);
                    }
                }
            }
            if (places > 1) {
                CommandSpec alone = CommandSpec.create();
                alone.addOption(OptionSpec.builder(option).build());
                new CommandLine(alone).parseArgs(words.toArray(String[]::new));
            }
        }
    }

    /**
     * @return one warning for each of kart's options given after a task's name that also names a parameter of
     *     that task, saying that kart took it and how to set the parameter; for standard error
     */
    public List<String> notes() {
        return notes;
    }

    /** @return the tasks named, in order, each with the parameter values given after it; possibly none */
    public List<TaskInvocation> invocations() {
        return invocations;
    }

    /**
     * Prints the help of the command with the tasks named: kart's options, then each task's
     * parameters, in one layout.
     *
     * @param configured what the configuration sets the tasks' parameters to, shown beside their defaults
     * @param out where to print it
     */
    public void usage(ConfiguredParameters configured, PrintWriter out) {
        TaskUsage.print(line, parts, invocations, severalTasks, configured, out);
    }

    private static CommandLine build(CommandSpec command, List<Part> parts) {
        CommandSpec root = CommandSpec.create().name(command.qualifiedName());
        root.parser(command.parser());
        // Stop at the first word nothing matches: it may be the next task, whose parameters decide how
        // the words after it read.
        root.parser().unmatchedOptionsArePositionalParams(false).stopAtUnmatched(true)
                // A parameter given twice is told with both values, from the parse result. (kart's own
                // options given twice were refused when picocli first parsed the command.)
                .overwrittenOptionsAllowed(true);
        root.usageMessage(command.usageMessage());
        for (OptionSpec option : command.options()) {
            // The same bindings: a value given anywhere on the line lands in the command's own field.
            root.addOption(OptionSpec.builder(option).scopeType(ScopeType.INHERIT).build());
        }
        CommandSpec previous = root;
        for (Part part : parts) {
            CommandSpec task = CommandSpec.wrapWithoutInspection(part.options()).name(part.word());
            task.parser(root.parser());
            part.options().options().forEach(task::addOption);
            // Adding it gives it kart's options, as inherited ones: add each task to the line before the next.
            previous.addSubcommand(part.word(), task);
            previous = task;
        }
        CommandLine line = new CommandLine(root);
        line.setOut(command.commandLine().getOut());
        line.setErr(command.commandLine().getErr());
        line.setHelpFactory(command.commandLine().getHelpFactory());
        line.setUsageHelpAutoWidth(command.commandLine().isUsageHelpAutoWidth());
        return line;
    }

    /** The word picocli stopped at, when a task may stand there: before any task, or after one in a list. */
    private static Optional<String> taskWord(UnmatchedArgumentException e, boolean severalTasks) {
        List<String> unmatched = e.getUnmatched();
        if (unmatched.isEmpty() || e.isUnknownOption()) {
            return Optional.empty();
        }
        boolean beforeAnyTask = e.getCommandLine().getCommandSpec().parent() == null;
        return beforeAnyTask || severalTasks ? Optional.of(unmatched.get(0)) : Optional.empty();
    }

    private static List<TaskInvocation> invocations(ParseResult result, TaskLineErrors errors) {
        List<TaskInvocation> invocations = new ArrayList<>();
        for (ParseResult task = result; task.hasSubcommand(); ) {
            task = task.subcommand();
            TaskOptions options = (TaskOptions) task.commandSpec().userObject();
            TaskType type = options.type();
            Map<TaskParameter, List<String>> given = new LinkedHashMap<>();
            for (OptionSpec option : task.matchedOptions()) {
                TaskOptions.parameterOf(option).ifPresent(parameter ->
                        given.computeIfAbsent(parameter, p -> new ArrayList<>()).addAll(option.originalStringValues()));
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (Map.Entry<TaskParameter, List<String>> parameter : given.entrySet()) {
                List<String> texts = parameter.getValue();
                if (texts.size() > 1) {
                    throw errors.givenTwice(task.commandSpec(), type, parameter.getKey(), texts.get(0), texts.get(1));
                }
                if (TaskOptions.isFlag(parameter.getKey()) && !TaskOptions.isBoolean(texts.get(0))) {
                    throw errors.notABoolean(task.commandSpec(), type, parameter.getKey(), texts.get(0));
                }
                values.put(parameter.getKey().name(), texts.get(0));
            }
            Set<String> configOnly = new HashSet<>();
            for (TaskParameter shadowed : options.shadowed()) {
                configOnly.add(shadowed.name());
            }
            invocations.add(new TaskInvocation(task.commandSpec().name(), type, values, configOnly));
        }
        return invocations;
    }
}
