package dev.kart.cli;

import dev.kart.KartException;
import dev.kart.TaskDefinitionException;
import dev.kart.cli.task.TaskParameterException;
import dev.kart.cli.text.DidYouMean;
import dev.kart.cli.text.LuigiOptions;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.failure.Causes;
import dev.kart.core.internal.graph.CycleException;
import dev.kart.core.internal.parameter.ParameterValueException;
import dev.kart.lock.LockException;
import dev.kart.lock.LockKeyOccupiedException;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** The exit codes of {@code kart}, and how errors map to them and are shown. */
final class ExitCodes {
    /** Every task is done (or was complete already). */
    static final int OK = 0;
    /**
     * A task failed for good, the summary naming it and its root cause; or a cache file the graph's
     * walk cannot tell about, before anything ran.
     */
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
     *     within 80 columns, each meaning what docs/cli.md's table says of the code, shortened
     */
    static List<String> helpLines(String usage) {
        // 1 is also a cache file the graph's walk cannot tell about (a symbolic link loop, a directory it
        // may not read), before anything ran: a user reading only "a task failed" looks for the failed task
        return List.of("Exit codes:", "  0    all done",
                "  1    a task failed for good, or a cache file kart cannot check (nothing ran)", "  2    " + usage,
                "  3    lock backend or workspace store unreachable",
                "  129  stopped by SIGHUP (its terminal closed); locks released",
                "  130  interrupted by Ctrl-C (SIGINT); locks released",
                "  143  stopped by SIGTERM; locks released");
    }

    /**
     * @param error what a command threw
     * @return its exit code
     */
    static int of(Throwable error) {
        // a backend that learns only when it connects that a setting is wrong (a Redis Sentinel master name the
        // sentinels do not monitor) throws a KartConfigException, not a LockException: 2 below, as for any bad value;
        // so is a lock key holding another application's value, which the backend answered: a prefix shared with it
        if (error instanceof LockKeyOccupiedException) {
            return USAGE;
        }
        if (error instanceof LockException) {
            return LOCK_BACKEND;
        }
        if (Causes.find(error, dev.kart.storage.StorageUnreachableException.class::isInstance).isPresent()) {
            return LOCK_BACKEND;  // as unreachable as a lock backend: nothing ran
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
            if (verbose(commandLine, parseResult) && !unreadableWord(error)) {
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
     * Whether the error is a mistake of the command line, which stays one line with {@code -v} as picocli's
     * parse errors do (docs/cli.md): a task's parameter given a value it cannot take, which {@link Session#task}
     * finds once the task is made and reports naming the task, options that cannot go together
     * ({@code --dry-run --json}), a task name that names no task. Its trace would show only kart reading its
     * command line.
     */
    private static boolean unreadableWord(Throwable error) {
        return error instanceof UsageException;
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

    /**
     * @return whether the word reads as a class's name, as a task is named ({@code books.BookReport},
     *     {@code BookReport}): Java identifiers joined by dots, the last one capitalized ({@code data.csv} is not)
     */
    private static boolean looksLikeAClassName(String word) {
        String[] parts = word.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
                    || !part.chars().allMatch(Character::isJavaIdentifierPart)) {
                return false;
            }
        }
        return Character.isUpperCase(parts[parts.length - 1].charAt(0));
    }

    /** @return whether the command that failed was given {@code -v}/{@code --verbose} */
    private static boolean verbose(CommandLine commandLine, ParseResult parseResult) {
        OptionSpec verbose = commandLine.getCommandSpec().findOption("--verbose");
        if (verbose == null) {
            return false;
        }
        // a -v after the task's name is read with the task's parameters, and an error in reading the task (a class
        // that cannot be loaded) comes before that: the word itself says it. No value of an option is the word -v
        // (picocli refuses "--p -v", and "--p=-v" is one word), so at worst a trace is shown unasked; a combined -qv
        // is not seen
        return Boolean.TRUE.equals(verbose.getValue()) || parseResult != null && parseResult.originalArgs().stream()
                .anyMatch(word -> word.equals("-v") || word.equals("--verbose"));
    }

    /** The names of the command's options its help lists: a hidden one is accepted, never suggested. */
    private static Set<String> shownOptionNames(CommandLine commandLine) {
        Set<String> names = new LinkedHashSet<>();
        commandLine.getCommandSpec().options().stream().filter(option -> !option.hidden())
                .forEach(option -> names.addAll(List.of(option.names())));
        return names;
    }

    static int handleParameterException(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        if (error instanceof UnmatchedArgumentException unmatched && unmatched.isUnknownOption()) {
            // kart's own "did you mean" (the one task parameters get too) instead of picocli's list of
            // options that share the first two letters.
            String word = unmatched.getUnmatched().get(0);
            int equals = word.indexOf('=');
            String name = equals > 0 ? word.substring(0, equals) : word;
            err.println("kart: " + KartCommand.optionOfAnotherCommand(name, commandLine.getCommandSpec().name())
                    .orElseGet(() -> "unknown option '" + word + "'" + LuigiOptions.equivalent(word)
                            .map(equivalent -> ": " + equivalent)
                            .orElseGet(() -> DidYouMean.hint(name, shownOptionNames(commandLine)))));
        } else if (error instanceof UnmatchedArgumentException unmatched && !commandLine.getSubcommands().isEmpty()) {
            // a word where a command goes: kart's words and its "did you mean" rule, not picocli's message
            // and its suggestion of whatever command shares a letter
            String word = unmatched.getUnmatched().get(0);
            // a task's name where the command goes (luigi's habit: python -m luigi Task): say how to run it
            String taskHint = looksLikeAClassName(word) && DidYouMean.closest(word, commandLine.getSubcommands().keySet())
                    .isEmpty() ? " (to build a task: kart run " + word + ")" : "";
            err.println("kart: unknown command '" + word + "'" + taskHint
                    + DidYouMean.hint(word, commandLine.getSubcommands().keySet()) + "; the commands are "
                    + String.join(", ", commandLine.getSubcommands().keySet()) + ".");
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
            err.println("kart: " + OptionErrors.inKartsWords(error, args, commandLine.getCommandSpec())
                    .orElse(error.getMessage()));
            UnmatchedArgumentException.printSuggestions(error, err);
        }
        err.println(helpHint(commandLine, error instanceof TaskParameterException ofTask ? Optional.of(ofTask.task())
                : Optional.empty()));
        err.flush();
        return USAGE;
    }
}
