package dev.kart.cli.task;

import dev.kart.cli.UsageException;
import dev.kart.cli.text.DidYouMean;
import dev.kart.cli.text.LuigiOptions;
import dev.kart.core.internal.config.KebabCase;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.parameter.ParameterParser;
import dev.kart.core.internal.parameter.ParameterValueException;
import dev.kart.core.internal.parameter.TaskFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What {@code kart} says when picocli rejects a {@link TaskLine}: picocli's error, told in terms of the
 * task it concerns. An unknown option names the task, suggests the nearest of the task's parameters and
 * kart's options, points a dependency's parameter to its config key, and lists the task's parameters; an
 * option of another of kart's commands is named as that command's instead.
 */
final class TaskLineErrors {
    private final CommandLine command;
    private final List<String> words;
    private final Function<List<String>, Optional<String>> firstTask;
    private final Function<String, Optional<String>> ofAnotherCommand;
    private final Function<String, TaskType> resolve;

    /**
     * @param command the command the user ran: its name is in the "Run ... --help" line
     * @param words the command's arguments, as typed
     * @param firstTask the task that words of the command name first, as typed, when they name one
     * @param ofAnotherCommand what to say of an option the command does not have, by its name, when
     *     another command has it
     * @param resolve turns a task name into its type, for luigi's {@code --Family-param} naming a task the
     *     graph's declared parameters do not reach (one its code makes in {@code requires()})
     */
    TaskLineErrors(CommandLine command, List<String> words, Function<List<String>, Optional<String>> firstTask,
            Function<String, Optional<String>> ofAnotherCommand, Function<String, TaskType> resolve) {
        this.command = command;
        this.words = List.copyOf(words);
        this.firstTask = firstTask;
        this.ofAnotherCommand = ofAnotherCommand;
        this.resolve = resolve;
    }

    /**
     * @param error what picocli threw
     * @return the error to show: the same one when it concerns no task
     */
    ParameterException explain(ParameterException error) {
        CommandSpec where = error.getCommandLine().getCommandSpec();
        TaskOptions task = where.userObject() instanceof TaskOptions options ? options : null;
        boolean inTask = task != null;
        if (error instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String word = unmatched.getUnmatched().get(0);
            if (!inTask) {
                Optional<String> elsewhere = ofAnotherCommand.apply(optionName(word));
                if (elsewhere.isPresent()) {
                    // the command line meant another command: its words, and the usage of this one
                    return usage(elsewhere.get());
                }
                // the rest of the line may name the task: its help lists the parameters that go after it
                List<String> rest = new ArrayList<>(words);
                rest.remove(words.size() - unmatched.getUnmatched().size());
                // luigi's word first, then the rule: the task may have a parameter of that name, to be given after it
                String message = "unknown option '" + word + "'" + LuigiOptions.equivalent(word)
                        .map(equivalent -> ": " + equivalent + " (a task's own parameter comes after the task's name)")
                        .orElseGet(() -> DidYouMean.hintOrSameFirstWord(optionName(word), where.optionsMap().keySet())
                                + "; task parameters come after the task name");
                return firstTask.apply(rest).<ParameterException>map(named -> new TaskParameterException(command,
                        message, named)).orElseGet(() -> usage(message));
            }
            if (unmatched.isUnknownOption()) {
                return unknownParameter(word, task, where);
            }
            return ofTask(where, "unexpected argument '" + word + "' after task " + task.type().family()
                    + ": give task parameters as --name=value");
        }
        if (inTask && error instanceof MissingParameterException missing) {
            for (ArgSpec argument : missing.getMissing()) {
                Optional<TaskParameter> parameter = TaskOptions.parameterOf(argument);
                if (parameter.isPresent()) {
                    String name = TaskOptions.name(parameter.get());
                    Optional<OptionLike> optionLike = argument instanceof OptionSpec option ? optionLikeValue(option, where)
                            : Optional.empty();
                    if (optionLike.isPresent()) {
                        String value = optionLike.get().value();
                        try {
                            ParameterParser.fromText(value, parameter.get().type(),
                                    "task parameter " + name + " of " + task.type().family());
                        } catch (ParameterValueException e) {
                            // config cannot give it either: say what the parameter takes
                            return ofTask(where, e.getMessage());
                        }
                        // picocli takes a value that reads as an option for that option, after '=' too
                        return ofTask(where, "task parameter " + name + " of " + task.type().family() + " cannot take '"
                                + value + "' on the command line, since it reads as " + optionLike.get().readsAs()
                                + "; give it in config instead: -D 'kart.tasks.\"" + task.type().family() + "\"."
                                + parameter.get().name() + "=" + value + "'");
                    }
                    if (argument instanceof OptionSpec option && timesGiven(option) > 1) {
                        return ofTask(where, "task parameter " + name + " of " + task.type().family()
                                + " is given twice, the last time without a value: give it once, as " + name + "=VALUE");
                    }
                    return ofTask(where, "task parameter " + name + " of " + task.type().family() + " needs a value ("
                            + TaskOptions.readable(parameter.get().type()) + "): give " + name + "=VALUE");
                }
            }
        }
        return error;
    }

    /** A value given after {@code =} that picocli reads as an option, and what it reads it as. */
    private record OptionLike(String value, String readsAs) {
    }

    /**
     * @return the value given after {@code =} to one of the option's names, when picocli reads it as
     *     an option of {@code where}: an option's name (alone or before its own {@code =}), a short
     *     option with its value attached ({@code -Dx=1}, {@code -qv}), or the end of options ({@code --})
     */
    private Optional<OptionLike> optionLikeValue(OptionSpec option, CommandSpec where) {
        for (String word : words) {
            for (String name : option.names()) {
                if (word.startsWith(name + "=") && word.length() > name.length() + 1) {
                    String value = word.substring(name.length() + 1);
                    Optional<String> readsAs = readsAsOption(value, where);
                    if (readsAs.isPresent()) {
                        return Optional.of(new OptionLike(value, readsAs.get()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> readsAsOption(String value, CommandSpec where) {
        if (value.equals("--")) {
            return Optional.of("the end of options, --");
        }
        int separator = value.indexOf('=');
        String named = separator < 0 ? value : value.substring(0, separator);
        if (where.optionsMap().containsKey(named)) {
            return Optional.of("the option " + named);
        }
        if (value.length() > 2 && value.charAt(0) == '-' && value.charAt(1) != '-'
                && where.optionsMap().containsKey(value.substring(0, 2))) {
            return Optional.of("the option " + value.substring(0, 2) + " with more attached");
        }
        return Optional.empty();
    }

    /** @return how many of the command's words give the option, by any of its names */
    private long timesGiven(OptionSpec option) {
        return words.stream().filter(word -> Arrays.stream(option.names())
                .anyMatch(name -> word.equals(name) || word.startsWith(name + "="))).count();
    }

    /**
     * @param task the task's command in the line: its name is the task as typed
     * @param type the task
     * @param parameter one of its parameters, given twice (maybe once under each of its names)
     * @param first the value given first
     * @param second the value given next
     * @return the error
     */
    ParameterException givenTwice(CommandSpec task, TaskType type, TaskParameter parameter, String first,
            String second) {
        return ofTask(task, "task parameter " + TaskOptions.name(parameter) + " of " + type.family()
                + " is given twice ('" + first + "' and '" + second + "')");
    }

    /**
     * @param task the task's command in the line: its name is the task as typed
     * @param type the task
     * @param flag one of its boolean parameters
     * @param value what was given for it, neither true nor false
     * @return the error, the same whether the value came after {@code =} or as the next word
     */
    ParameterException notABoolean(CommandSpec task, TaskType type, TaskParameter flag, String value) {
        String name = TaskOptions.name(flag);
        return ofTask(task, "task parameter " + name + " of " + type.family() + " takes true or false, not '" + value
                + "' (" + name + " alone means true)");
    }

    /**
     * @param error picocli stopped at a word nothing matches
     * @param args the words of the line
     * @return the error to show when the word follows a flag of a task without {@code =}, as in
     *     {@code --loud yes}: picocli takes only true or false as a flag's next word
     */
    Optional<ParameterException> valueAfterFlag(UnmatchedArgumentException error, List<String> args) {
        List<String> unmatched = error.getUnmatched();
        int at = args.size() - unmatched.size();
        CommandSpec where = error.getCommandLine().getCommandSpec();
        if (unmatched.isEmpty() || at < 1 || at >= args.size() || !args.get(at).equals(unmatched.get(0))
                || !(where.userObject() instanceof TaskOptions task) || unmatched.get(0).startsWith("-")) {
            return Optional.empty();
        }
        String previous = args.get(at - 1);
        OptionSpec option = previous.startsWith("-") && previous.indexOf('=') < 0 ? where.findOption(previous) : null;
        return Optional.ofNullable(option).flatMap(TaskOptions::parameterOf).filter(TaskOptions::isFlag)
                .map(flag -> notABoolean(where, task.type(), flag, unmatched.get(0)));
    }

    /**
     * @param notATask the error of a task name that names no task
     * @param args the words of the line
     * @param options the names of kart's options
     * @return the error, with the words that look like a misspelt option of kart's named: a misspelt
     *     {@code --classpath} is why a task is not found, yet picocli never got as far as that word
     */
    UsageException withMisspeltOptions(UsageException notATask, List<String> args, Set<String> options) {
        List<String> misspelt = new ArrayList<>();
        for (String word : args) {
            String name = optionName(word);
            if (name.startsWith("--") && !options.contains(name)) {
                String hint = DidYouMean.hint(name, options);
                if (!hint.isEmpty()) {
                    misspelt.add("'" + name + "'" + hint);
                }
            }
        }
        return misspelt.isEmpty() ? notATask : new UsageException(notATask.getMessage() + "; note that "
                + String.join(", ", misspelt) + (misspelt.size() == 1 ? " is no option of kart's" : " are no options of kart's"));
    }

    private ParameterException unknownParameter(String word, TaskOptions task, CommandSpec where) {
        TaskType type = task.type();
        String name = optionName(word);
        String bare = name.replaceFirst("^-+", "");
        List<String> parameters = task.shown().stream().map(option -> option.longestName()).toList();
        Optional<TaskParameter> dependency = type.parameters().stream()
                .filter(p -> p.kind() != ParameterKind.VALUE || TaskFactory.setInCodeOnly(p))
                .filter(p -> p.name().equals(bare) || TaskOptions.name(p).equals("--" + bare)).findFirst();
        String why;
        if (dependency.isPresent() && TaskFactory.setInCodeOnly(dependency.get())) {
            why = ". It is set in code only (" + TaskOptions.readable(dependency.get().type()) + "): it holds tasks that"
                    + " kart cannot make from the command line or config";
        } else if (dependency.isPresent()) {
            String family = TaskOptions.dependencyClass(dependency.get()).getName();
            why = ". It is a dependency (" + TaskOptions.readable(dependency.get().type()) + "), built from its own"
                    + " parameters, not given on the command line: set those in config, as in -D 'kart.tasks.\""
                    + family + "\".NAME=VALUE'";
        } else {
            Optional<String> elsewhere = ofAnotherCommand.apply(name);
            if (elsewhere.isPresent()) {
                // the command line meant another command, not the task: its words, and the usage of this one
                return usage(elsewhere.get());
            }
            why = dotted(type, bare).or(() -> ofDependency(type, bare)
                    .map(owner -> ". It is a parameter of the dependency " + owner.family() + ": set it in config,"
                            + " as in -D 'kart.tasks.\"" + owner.family() + "\"." + bare + "=VALUE'"))
                    .or(() -> LuigiOptions.equivalent(word).map(equivalent -> ": " + equivalent))
                    .or(() -> luigiTaskOption(type, bare))
                    .orElse(DidYouMean.hintOrSameFirstWord(name, where.optionsMap().keySet()));
        }
        return ofTask(where, "unknown option '" + word + "' for task " + type.family() + why
                + (parameters.isEmpty() ? "; the task has no parameters to give on the command line" : "; its parameters: "
                        + String.join(", ", parameters)));
    }

    /**
     * luigi's {@code --Family-param-name}, which sets a parameter of every task of that class: kart's words
     * for it. For the root, its own option; for a dependency kart makes (a task-valued parameter, reached
     * from the root), its config key; for any other task class of that name on the class path, one that code
     * makes with {@code new} and so with every value given, that config does not reach it. A family found
     * without such a parameter gets the nearest of its parameters' names.
     */
    private Optional<String> luigiTaskOption(TaskType root, String bare) {
        for (int dash = bare.indexOf('-'); dash > 0; dash = bare.indexOf('-', dash + 1)) {
            String simpleName = bare.substring(0, dash);
            String parameter = bare.substring(dash + 1);
            Optional<TaskType> madeByKart = inGraph(root, type -> type.type().getSimpleName().equals(simpleName));
            Optional<TaskType> family = madeByKart.or(() -> known(simpleName));
            if (family.isEmpty()) {
                continue;
            }
            TaskType owner = family.get();
            Optional<TaskParameter> settable = settable(owner, parameter);
            if (settable.isEmpty()) {
                List<String> names = owner.parameters().stream().filter(TaskLineErrors::settable)
                        .map(p -> KebabCase.of(p.name())).toList();
                String hint = DidYouMean.hint(parameter, names);
                return Optional.of(": luigi's --" + bare + " names no parameter of " + owner.family() + (!hint.isEmpty()
                        ? hint : names.isEmpty() ? " (it has none to set)" : " (it has " + String.join(", ", names) + ")"));
            }
            String name = settable.get().name();
            if (owner == root) {
                return Optional.of(": luigi's --" + bare + " is --" + parameter + " here, after the task's name");
            }
            if (madeByKart.isPresent()) {
                return Optional.of(": luigi's --" + bare + " sets a dependency's parameter; kart sets it in config, as in -D"
                        + " 'kart.tasks.\"" + owner.family() + "\"." + name + "=VALUE'");
            }
            // made by the root's code, new ReadBook(book): a record takes every value there, and config none
            return Optional.of(": luigi's --" + bare + " sets " + name + " of every " + simpleName + " task; here the"
                    + " code that makes a " + simpleName + " gives every value, and config does not reach it: set what"
                    + " that code reads" + settable(root, parameter).map(own -> ", such as this task's own --"
                            + KebabCase.of(own.name())).orElse(", this task's parameters"));
        }
        return Optional.empty();
    }

    /**
     * A task class that the class path's tasks name {@code simpleName}, when exactly one does. Only a
     * capitalised name is looked up, as luigi's task families are: a lower-case word before a dash
     * ({@code --no-progres}) is a misspelt option, and a name that finds nothing costs a class path check.
     */
    private Optional<TaskType> known(String simpleName) {
        if (!Character.isUpperCase(simpleName.charAt(0))) {
            return Optional.empty();
        }
        try {
            TaskType type = resolve.apply(simpleName);
            return type.type().getSimpleName().equals(simpleName) ? Optional.of(type) : Optional.empty();
        } catch (RuntimeException | LinkageError notOne) {
            // unknown, ambiguous or no task class: the option gets the usual answer
            return Optional.empty();
        }
    }

    /**
     * {@code --greet.name}: a dependency's parameter named through the dependency, which the command line
     * does not take either. Its config key, when the dependency (a parameter of {@code type} holding one
     * task that kart makes) has a parameter of that name the config can set.
     */
    private static Optional<String> dotted(TaskType type, String bare) {
        int dot = bare.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String holder = bare.substring(0, dot);
        String parameter = bare.substring(dot + 1);
        return type.parameters().stream()
                .filter(p -> p.kind() == ParameterKind.TASK && !TaskFactory.setInCodeOnly(p)
                        && TaskOptions.dependencyClass(p).isRecord() && named(p, holder))
                .findFirst()
                .flatMap(p -> {
                    TaskType dependency = TaskType.of(TaskOptions.dependencyClass(p));
                    return settable(dependency, parameter).map(value -> ". --" + holder + " is a dependency, whose "
                            + value.name() + " is set in config, not on the command line: -D 'kart.tasks.\""
                            + dependency.family() + "\"." + value.name() + "=VALUE'");
                });
    }

    /** The parameter of {@code type} named {@code name} (as declared or in kebab-case) that the command line or config can set. */
    private static Optional<TaskParameter> settable(TaskType type, String name) {
        return type.parameters().stream().filter(p -> settable(p) && named(p, name)).findFirst();
    }

    private static boolean settable(TaskParameter parameter) {
        return parameter.kind() == ParameterKind.VALUE && !TaskFactory.setInCodeOnly(parameter);
    }

    private static boolean named(TaskParameter parameter, String name) {
        return parameter.name().equals(name) || TaskOptions.name(parameter).equals("--" + name);
    }

    /** The nearest task type among the dependencies' types that has a parameter of that name. */
    private static Optional<TaskType> ofDependency(TaskType root, String name) {
        return inGraph(root, type -> type != root && settable(type, name).isPresent());
    }

    /**
     * The nearest task type, the root first, then its task-valued parameters' types breadth first, that
     * {@code wanted} accepts.
     */
    private static Optional<TaskType> inGraph(TaskType root, Predicate<TaskType> wanted) {
        Deque<TaskType> pending = new ArrayDeque<>(List.of(root));
        Set<Class<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            TaskType type = pending.poll();
            if (!seen.add(type.type())) {
                continue;
            }
            if (wanted.test(type)) {
                return Optional.of(type);
            }
            for (TaskParameter dependency : type.dependencyParameters()) {
                Class<?> raw = TaskOptions.dependencyClass(dependency);
                if (raw.isRecord()) {
                    pending.add(TaskType.of(raw));
                }
            }
        }
        return Optional.empty();
    }

    private static String optionName(String word) {
        int equals = word.indexOf('=');
        return equals >= 0 ? word.substring(0, equals) : word;
    }

    private ParameterException usage(String message) {
        return new ParameterException(command, message);
    }

    /** @param task the task's command in the line, which is named as the task was typed */
    private ParameterException ofTask(CommandSpec task, String message) {
        return new TaskParameterException(command, message, task.name());
    }
}
