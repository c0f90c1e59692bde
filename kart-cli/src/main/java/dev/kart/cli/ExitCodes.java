package dev.kart.cli;

import dev.kart.KartException;
import dev.kart.TaskDefinitionException;
import dev.kart.cli.task.TaskParameterException;
import dev.kart.cli.text.DidYouMean;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.graph.CycleException;
import dev.kart.core.internal.parameter.ParameterValueException;
import dev.kart.lock.LockException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The exit codes of {@code kart}, and how errors map to them and are shown. */
final class ExitCodes {
    /** Every task is done (or was complete already). */
    static final int OK = 0;
    /** A task failed for good; the summary names it and its root cause. */
    static final int TASK_FAILED = 1;
    /** A usage, task-name, parameter or configuration error: nothing ran. */
    static final int USAGE = 2;
    /** The lock backend, or the workspace's store, cannot be reached: nothing ran. */
    static final int LOCK_BACKEND = 3;

    private ExitCodes() {
    }

    /**
     * @param usage what {@value #USAGE} means for the command, such as {@code usage or configuration error}
     * @return the lines of a command's help that list its exit codes, one code per line, each line
     *     within 80 columns
     */
    static List<String> helpLines(String usage) {
        return List.of("Exit codes:", "  0    all done", "  1    a task failed", "  2    " + usage,
                "  3    lock backend or workspace store unreachable",
                "  130  interrupted by Ctrl-C (SIGINT); locks released",
                "  143  stopped by SIGTERM; locks released");
    }

    /**
     * @param error what a command threw
     * @return its exit code
     */
    static int of(Throwable error) {
        if (error instanceof LockException) {
            return LOCK_BACKEND;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof dev.kart.storage.StorageUnreachableException) {
                return LOCK_BACKEND;  // as unreachable as a lock backend: nothing ran
            }
        }
        if (error instanceof UsageException || error instanceof KartConfigException
                || error instanceof ParameterValueException || error instanceof TaskDefinitionException
                || error instanceof CycleException || error instanceof ParameterException) {
            return USAGE;
        }
        return TASK_FAILED;
    }

    /**
     * Whether the command's help can show how to fix it: a task name, option or task parameter the
     * command line got wrong. A configuration or storage error (exit 2 too) is one line naming the key
     * and what to check; the usage would only bury it, as would a task class that is defined wrong.
     */
    static boolean isCommandLineMistake(Throwable error) {
        return error instanceof UsageException || error instanceof ParameterValueException
                || error instanceof ParameterException;
    }

    static int handleExecutionException(Exception error, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code = of(error);
        if (error instanceof KartException) {
            err.println("kart: " + error.getMessage());
            if (verbose(commandLine) && !unreadableWord(error)) {
                error.printStackTrace(err);
            }
        } else {
            // Not an error kart raises on purpose: show where it came from.
            err.println("kart: unexpected error: " + error);
            error.printStackTrace(err);
        }
        if (isCommandLineMistake(error)) {
            err.println(helpHint(commandLine, error instanceof UsageException usage ? usage.task() : Optional.empty()));
        }
        err.flush();
        return code;
    }

    /**
     * Whether the error is a word of the command line that cannot be read, which stays one line with
     * {@code -v} as picocli's parse errors do (docs/cli.md): a task's parameter given a value it cannot take,
     * which {@link Session#task} finds once the task is made and reports naming the task. Its trace would
     * show only kart parsing the text.
     */
    private static boolean unreadableWord(Throwable error) {
        return error instanceof UsageException usage && usage.task().isPresent();
    }

    /**
     * @param commandLine the command that failed
     * @param task the task, as typed, whose parameters the command line got wrong, if it was a task's
     * @return the line after a mistake on the command line: the task's help, which lists its
     *     parameters and what each takes, or else the command's
     */
    private static String helpHint(CommandLine commandLine, Optional<String> task) {
        String command = commandLine.getCommandSpec().qualifiedName();
        return task.map(named -> "Run '" + command + " " + named + " --help' for the task's parameters.")
                .orElse("Run '" + command + " --help' for usage.");
    }

    /** @return whether the command that failed was given {@code -v}/{@code --verbose} */
    private static boolean verbose(CommandLine commandLine) {
        OptionSpec verbose = commandLine.getCommandSpec().findOption("--verbose");
        return verbose != null && Boolean.TRUE.equals(verbose.getValue());
    }

    /**
     * picocli's words for an option of kart's without its value name the option by its longest name, as
     * {@code --set} for a {@code -D} typed, and call its value a "parameter".
     *
     * @param error what picocli threw
     * @param args the command line
     * @param command the command whose option it is
     * @return the error in kart's words when it is an option of kart's missing its value: the option as
     *     typed and what its value is, such as {@code -D needs a value: give -D KEY=VALUE}
     */
    private static Optional<String> valueMissing(ParameterException error, String[] args, CommandSpec command) {
        if (!(error instanceof MissingParameterException missing) || missing.getMissing().size() != 1
                || !(missing.getMissing().get(0) instanceof OptionSpec option)) {
            return Optional.empty();
        }
        // picocli stops at the first option whose value is missing: the first place the option is typed
        // with nothing after it, or with an option of the command after it, which picocli takes for no value
        for (int i = 0; i < args.length; i++) {
            Optional<String> typed = typedName(args[i], option);
            if (typed.isEmpty()) {
                continue;
            }
            String give = ": give " + typed.get() + " " + option.paramLabel();
            if (i == args.length - 1) {
                return Optional.of(typed.get() + " needs a value" + give);
            }
            String next = args[i + 1];
            int equals = next.indexOf('=');
            if (command.optionsMap().containsKey(equals > 0 ? next.substring(0, equals) : next)) {
                return Optional.of(typed.get() + " needs a value, but the next word, " + next + ", is an option" + give);
            }
        }
        return Optional.empty();
    }

    /**
     * picocli's words for a value an option of kart's cannot take name the option by its longest name and
     * say what the value is not ({@code 'abc' is not an int}), not what the option takes.
     *
     * @param error what picocli threw
     * @param args the command line
     * @return the error in kart's words when picocli refused a value given to an option: the option and
     *     the value as typed, and what the option takes, such as {@code --workers needs a whole number, got
     *     'abc'}
     */
    private static Optional<String> valueRefused(ParameterException error, String[] args) {
        // picocli gives the option and the value only when it refused the value: its converter did, or it
        // is no KEY=VALUE for an option holding a map
        if (!(error.getArgSpec() instanceof OptionSpec option) || error.getValue() == null) {
            return Optional.empty();
        }
        String refused = error.getValue();
        String needs = " needs " + expected(option, error) + ", got '";
        // picocli stops at the first place the option is typed with that value; the value of a map's key
        // is what follows the key's '='
        for (int i = 0; i < args.length; i++) {
            for (String name : option.names()) {
                Optional<String> typed = valueTyped(args, i, name);
                if (typed.isPresent() && (typed.get().equals(refused) || typed.get().startsWith(refused + "="))) {
                    return Optional.of(name + needs + typed.get() + "'");
                }
            }
        }
        return Optional.of(option.longestName() + needs + refused + "'");
    }

    /**
     * @return what the option takes: what kart's own converter of its values says (such as a duration),
     *     else what its type takes, since picocli's converters say what the value is not
     */
    private static String expected(OptionSpec option, ParameterException error) {
        if (error.getCause() instanceof TypeConversionException conversion && option.converters().length > 0) {
            return conversion.getMessage();
        }
        Class<?> type = option.type();
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            StringJoiner constants = new StringJoiner(", ", "one of ", "");
            for (Object constant : type.getEnumConstants()) {
                constants.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
            }
            return constants.toString();
        }
        return option.paramLabel();
    }

    /**
     * @return the value the word at {@code i} gives the option by this name: what follows {@code =}, what
     *     is attached to its short name, also in a cluster of short options ({@code -Dkart.workers=2},
     *     {@code -vDkart.workers=2}), or the next word
     */
    private static Optional<String> valueTyped(String[] args, int i, String name) {
        String word = args[i];
        if (word.startsWith(name + "=")) {
            return Optional.of(word.substring(name.length() + 1));
        }
        boolean cluster = name.length() == 2 && !name.startsWith("--") && word.startsWith("-") && !word.startsWith("--");
        int end = word.equals(name) ? word.length() : cluster ? word.indexOf(name.charAt(1), 1) + 1 : 0;
        if (end <= 0) {
            return Optional.empty();
        }
        if (end < word.length()) {
            // picocli drops the '=' of -vD=KEY=VALUE as it does that of -D=KEY=VALUE
            return Optional.of(word.substring(word.charAt(end) == '=' ? end + 1 : end));
        }
        return i + 1 < args.length ? Optional.of(args[i + 1]) : Optional.empty();
    }

    /**
     * @return the name of the option that the word gives without a value: one of its names, or its short
     *     name last in a cluster of short options ({@code -vD})
     */
    private static Optional<String> typedName(String word, OptionSpec option) {
        for (String name : option.names()) {
            boolean lastOfCluster = name.length() == 2 && word.length() > 2 && word.startsWith("-")
                    && !word.startsWith("--") && word.endsWith(name.substring(1));
            if (word.equals(name) || lastOfCluster) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    static int handleParameterException(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        if (error instanceof UnmatchedArgumentException unmatched && unmatched.isUnknownOption()) {
            // kart's own "did you mean" (the one task parameters get too) instead of picocli's list of
            // options that share the first two letters.
            String word = unmatched.getUnmatched().get(0);
            int equals = word.indexOf('=');
            err.println("kart: unknown option '" + word + "'" + DidYouMean.hint(equals > 0 ? word.substring(0, equals)
                    : word, commandLine.getCommandSpec().optionsMap().keySet()));
        } else if (error instanceof UnmatchedArgumentException unmatched && !commandLine.getSubcommands().isEmpty()) {
            // a word where a command goes: kart's words and its "did you mean" rule, not picocli's message
            // and its suggestion of whatever command shares a letter
            String word = unmatched.getUnmatched().get(0);
            err.println("kart: unknown command '" + word + "'" + DidYouMean.hint(word, commandLine.getSubcommands().keySet())
                    + "; the commands are " + String.join(", ", commandLine.getSubcommands().keySet()) + ".");
        } else if (error instanceof UnmatchedArgumentException unmatched
                && commandLine.getCommandSpec().positionalParameters().isEmpty()) {
            // a word after a command that takes none (kart locks extra): say so in kart's words, not picocli's
            // "Unmatched argument at index 1"; a user may take it for a command that names a task
            StringJoiner words = new StringJoiner(", ");
            for (String word : unmatched.getUnmatched()) {
                words.add("'" + word + "'");
            }
            err.println("kart: " + commandLine.getCommandSpec().qualifiedName() + " takes no task or argument: " + words);
        } else {
            err.println("kart: " + valueMissing(error, args, commandLine.getCommandSpec())
                    .or(() -> valueRefused(error, args)).orElse(error.getMessage()));
            UnmatchedArgumentException.printSuggestions(error, err);
        }
        err.println(helpHint(commandLine, error instanceof TaskParameterException ofTask ? Optional.of(ofTask.task())
                : Optional.empty()));
        err.flush();
        return USAGE;
    }
}
