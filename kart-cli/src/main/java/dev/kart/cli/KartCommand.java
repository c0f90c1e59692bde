package dev.kart.cli;

import dev.kart.cli.text.SpaceWrappedHelp;
import dev.kart.core.internal.inject.RuntimePreload;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code kart} command: {@code run}, {@code tree}, {@code info}, {@code clean} and {@code locks}.
 *
 * <p>Started by the runnable jar ({@code java -jar kart.jar ...} or {@code bin/kart ...}), or from
 * an application's own {@code main} with its tasks on the class path:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(KartCommand.execute(args));
 * }
 * }</pre>
 *
 * Exit codes: 0 all tasks done, 1 some task failed (or a cache file could not be checked, before
 * anything ran), 2 a usage, task-name, parameter or configuration error (and {@code kart} alone, which
 * prints the usage), 3 the lock backend or the workspace's store cannot be reached, 130 interrupted by
 * SIGINT, 143 by SIGTERM, 129 by SIGHUP.
 */
public final class KartCommand implements Callable<Integer> {
    private static final String GUICE_BYTECODE_GEN = "guice_bytecode_gen_option";
    private static final String PICOCLI_CLOSURES = "picocli.disable.closures";
    private static final String PICOCLI_CONVERTER_EXCLUDES = "picocli.converters.excludes";
    private static final String PICOCLI_TRACE = "picocli.trace";
    private static final String NAME = "kart";
    private static final String COMPLETION = "generate-completion";
    /** The commands, in the order the usage lists them. */
    private static final List<String> COMMANDS = List.of("run", "tree", "info", "clean", "locks", COMPLETION);
    /** The commands whose task parameters (--top=5) reach them as plain words, see {@link #commandLine}. */
    private static final Set<String> TAKING_TASK_LINES = Set.of("run", "tree", "info", "clean");
    /**
     * What a command does instead of another command's option, by the command and the option, where it
     * has a way to the same end: told after the option is named as the other command's, since the
     * usage of the command, which the error points to, does not say which of its options that is.
     */
    private static final Map<String, String> EQUIVALENTS = Map.of(
            "tree --json", "kart tree prints JSON with --format json",
            "tree --dry-run", "kart tree runs nothing, and with --pending shows only what a build would run",
            "run --format", "kart run prints its build report as JSON with --json",
            "run --pending", "kart run shows what it would run, without running it, with --dry-run",
            "clean --dry-run", "kart clean deletes nothing unless --delete is given");

    /** kart's version options, which a command given them points to: {@code kart --version}. */
    private static final Set<String> VERSION_OPTIONS = Set.of("-V", "--version");

    private CommandSpec spec;

    private KartCommand() {
    }

    /** @return picocli's model of {@code kart} without its commands, bound to a new command */
    private static CommandSpec create() {
        return new KartCommand().model();
    }

    private CommandSpec model() {
        spec = CommandSpec.wrapWithoutInspection(this).name(NAME).versionProvider(new KartVersion());
        spec.usageMessage()
                .description("Builds cached task pipelines: runs what is missing, loads the rest from the workspace.")
                .footer(footer());
        CommandModel.addStandardHelpOptions(spec);
        return spec;
    }

    private static String[] footer() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.addAll(ExitCodes.helpLines("usage or configuration error, or no command"));
        lines.add("Run 'kart COMMAND --help' for a command's options.");
        lines.add("Shell completion (bash; zsh after bashcompinit):");
        lines.add("  source <(kart generate-completion)");
        return lines.toArray(String[]::new);
    }

    /** {@code kart} without a command: the usage, on stderr as for other usage errors. */
    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().println("kart: name a command.");
        commandLine.usage(commandLine.getErr());
        return ExitCodes.USAGE;
    }

    /**
     * Runs the command line with {@code System.out} and {@code System.err}, without exiting.
     *
     * @param args the arguments, such as {@code run books.BookReport --top=5}
     * @return the exit code: 0 all done, 1 a task failed (or a cache file could not be checked), 2 usage
     *     or configuration error, 3 lock backend or workspace store unreachable, 129, 130 or 143 stopped
     *     by a signal
     */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true, Charset.defaultCharset()),
                new PrintWriter(System.err, true, Charset.defaultCharset()), args);
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        // The runnable jar's logging: on stderr, so it does not mix with the summary on stdout. An
        // application calling execute() keeps its own logging configuration.
        ConsoleLogging.useKartConfiguration();
        // Guice generates a class per injected constructor by default, which pays off over many
        // injections; a command makes each object once, and the generated classes cannot be kept in
        // bin/kart's class-data archive: reflection is cheaper here (about 0.03 CPU-s of a cached run).
        // An application calling execute() keeps its own choice of this and the three below; a -D wins.
        setUnlessGiven(GUICE_BYTECODE_GEN, "DISABLED");
        // picocli probes for Groovy closures (a failed class lookup through the whole jar) and makes
        // converters for java.sql and java.time types by reflection, initializing each class (java.time's
        // date-time formatters among them): kart's own options are none of these types and task parameters
        // are converted by kart, so a command would pay for them for nothing (about 0.03 CPU-s).
        setUnlessGiven(PICOCLI_CLOSURES, "true");
        setUnlessGiven(PICOCLI_CONVERTER_EXCLUDES, "java\\.(sql|time)\\..*");
        // picocli's tracer warns on System.err, beside the command's streams, of mistakes kart words itself. It
        // splits each -D KEY=VALUE at its '=' keeping quoted parts whole, whatever the option declares (-D has
        // no split regex to drop): for quotes that do not pair, as in -D 'kart.tasks."x=1', it warns twice,
        // splits at the first '=' anyway, and kart's one-line error then names the key.
        setUnlessGiven(PICOCLI_TRACE, "OFF");
        // started once the properties above are set: Guice reads them as it initializes, and Typesafe Config takes
        // its one copy of the system properties on the preload's thread, so none may be set after this
        Optional<RuntimePreload> preload = args.length > 0 && TAKING_TASK_LINES.contains(args[0])
                ? Optional.of(RuntimePreload.start()) : Optional.empty();
        System.exit(execute(new PrintWriter(System.out, true, Charset.defaultCharset()),
                new PrintWriter(System.err, true, Charset.defaultCharset()), preload, args));
    }

    private static void setUnlessGiven(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, Optional.empty(), args);
    }

    /**
     * Runs the command line, as {@link #main} does but without exiting.
     *
     * @param out where the command prints its results
     * @param err where it prints errors and notes
     * @param preload the runtime's preload, when one was started
     * @param args the arguments
     * @return the exit code
     */
    static int execute(PrintWriter out, PrintWriter err, Optional<RuntimePreload> preload, String... args) {
        // Commands make the tasks' class loader the context class loader while they run; put the
        // caller's back afterwards.
        Thread thread = Thread.currentThread();
        ClassLoader callers = thread.getContextClassLoader();
        try {
            return commandLine(out, err, preload, args).execute(args);
        } finally {
            thread.setContextClassLoader(callers);
            out.flush();
            err.flush();
        }
    }

    /**
     * The command line for {@code args}: with only the command they name when they start with one,
     * since each command's model costs its options, converters and bindings, and picocli reads the
     * completion command's annotations (about a third of a cached {@code kart run}'s start-up with all
     * six, when kart's own were annotated too); with all of them otherwise, for the usage, a mistyped
     * command's suggestions and the completion script.
     *
     * @param preload the runtime's preload, when {@link #main} started one
     */
    private static CommandLine commandLine(PrintWriter out, PrintWriter err, Optional<RuntimePreload> preload,
            String... args) {
        CommandLine commandLine = new CommandLine(create());
        String named = args.length > 0 && COMMANDS.contains(args[0]) && !COMPLETION.equals(args[0]) ? args[0] : null;
        for (String name : COMMANDS) {
            if (named == null || named.equals(name)) {
                commandLine.addSubcommand(name, command(name, preload));
            }
        }
        // set once the commands are added: picocli passes these settings to the commands it has
        commandLine.setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setHelpFactory((command, colorScheme) -> new SpaceWrappedHelp(command, colorScheme))
                // help on a terminal takes its width (picocli asks stty when it prints help), 80 columns elsewhere
                .setUsageHelpAutoWidth(true)
                .setExecutionExceptionHandler(ExitCodes::handleExecutionException)
                .setParameterExceptionHandler(ExitCodes::handleParameterException);
        // A task's parameters (--top=5) are known only once the task is: this first parse takes them as
        // plain words and routes the line to its command, which reads its arguments again with TaskLine,
        // the task's parameters then being options beside the command's own.
        for (Map.Entry<String, CommandLine> command : commandLine.getSubcommands().entrySet()) {
            if (TAKING_TASK_LINES.contains(command.getKey())) {
                command.getValue().setUnmatchedOptionsArePositionalParams(true);
            }
        }
        // picocli hides its completion command by default; kart lists it with the others. picocli also makes it
        // a help command, whose parse skips the check for words it does not take: kart refuses them as every other
        // command does, instead of printing the script as if they were not there. Its standard help options bring
        // -V, which printed picocli's version of the command ("generate-completion 4.7.7"): without it, -V is
        // pointed to kart --version as for kart's other commands.
        CommandLine completion = commandLine.getSubcommands().get(COMPLETION);
        if (completion != null) {
            CommandSpec completionSpec = completion.getCommandSpec();
            completionSpec.usageMessage().hidden(false);
            completionSpec.helpCommand(false);
            CommandLine.Model.OptionSpec version = completionSpec.findOption("--version");
            if (version != null) {
                completionSpec.remove(version);
            }
        }
        return commandLine;
    }

    /** Whether the command's help lists the option: a hidden one is accepted there, never pointed to. */
    private static boolean listsOption(CommandSpec spec, String option) {
        OptionSpec found = spec.optionsMap().get(option);
        return found != null && !found.hidden();
    }

    /**
     * What to say of an option a command does not have when another of kart's commands has it, such as
     * {@code -q} given to {@code kart tree}, instead of taking it for a misspelt option or a parameter of
     * the task; or when given to {@code kart} itself, before the command ({@code kart -q run ...}), that
     * it goes after the command, instead of only that kart has no such option, which leaves a user
     * looking for it in the wrong usage. The other commands' models are built for it, since the command
     * line holds only the command it names.
     *
     * @param option an option's name, such as {@code -q}
     * @param command the command it was given to, such as {@code tree}, or {@code kart} when it came
     *     before any command
     * @return the error, such as {@code -q is an option of kart run, not of kart tree}, or for {@code -V} and
     *     {@code --version} given to a command {@code --version is an option of kart itself: kart --version}, followed by what
     *     {@code command} does instead where it has an equivalent ({@code --json} given to {@code kart
     *     tree}: {@code --format json}); or {@code -q is an option of kart run: give it after the command
     *     (kart run -q ...)}; empty when no other command has the option, or {@code command} is neither
     *     kart nor one of its commands
     */
    static Optional<String> optionOfAnotherCommand(String option, String command) {
        boolean beforeCommand = NAME.equals(command);
        if (!beforeCommand && !COMMANDS.contains(command)) {
            return Optional.empty();
        }
        if (!beforeCommand && VERSION_OPTIONS.contains(option)) {
            return Optional.of(option + " is an option of kart itself: kart " + option);
        }
        List<String> having = new ArrayList<>();
        for (String other : COMMANDS) {
            if (!other.equals(command) && !COMPLETION.equals(other)
                    && listsOption((CommandSpec) command(other, Optional.empty()), option)) {
                having.add("kart " + other);
            }
        }
        if (having.isEmpty()) {
            return Optional.empty();
        }
        String example = having.size() == 1 ? having.get(0) : NAME + " COMMAND";
        String last = having.remove(having.size() - 1);
        String commands = (having.isEmpty() ? "" : String.join(", ", having) + " and ") + last;
        if (beforeCommand) {
            return Optional.of(option + " is an option of " + commands + ": give it after the command (" + example
                    + " " + option + " ...)");
        }
        String instead = EQUIVALENTS.get(command + " " + option);
        return Optional.of(option + " is an option of " + commands + ", not of kart " + command
                + (instead == null ? "" : "; " + instead));
    }

    /**
     * @param name one of {@link #COMMANDS}
     * @param preload the runtime's preload, when {@link #main} started one
     * @return what picocli makes that subcommand of: kart's own commands build their model in code
     *     (a new one each time); picocli's completion command is an annotated class
     */
    private static Object command(String name, Optional<RuntimePreload> preload) {
        return switch (name) {
            case "run" -> RunCommand.create(new RuntimeOptions(preload));
            case "tree" -> TreeCommand.create(new RuntimeOptions(preload));
            case "info" -> InfoCommand.create(new RuntimeOptions(preload));
            case "clean" -> CleanCommand.create(new RuntimeOptions(preload));
            case "locks" -> LocksCommand.create(new RuntimeOptions(preload));
            case COMPLETION -> AutoComplete.GenerateCompletion.class;
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }
}
