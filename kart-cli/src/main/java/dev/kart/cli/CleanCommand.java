package dev.kart.cli;

import static dev.kart.cli.CommandModel.flag;
import static dev.kart.cli.CommandModel.given;
import static dev.kart.cli.CommandModel.option;
import static dev.kart.cli.CommandModel.taskWords;

import dev.kart.KartException;
import dev.kart.cli.clean.WorkspaceSweep;
import dev.kart.cli.task.TaskCatalog;
import dev.kart.cli.task.TaskInvocation;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.parameter.ParameterParser;
import dev.kart.core.internal.parameter.ParameterValueException;
import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.cache.Workspace;
import dev.kart.core.internal.lock.LockBackends;
import dev.kart.core.internal.storage.LocalFileStorage;
import dev.kart.internal.text.DurationText;
import dev.kart.storage.WorkspaceStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code kart clean TASK... [--delete]}: lists, and with {@code --delete} removes under the exclusive
 * cache lock, the cache files in the workspace that none of the given tasks reach, and temporary
 * files left by interrupted publishes (on a store that is not local, its abandoned staging, such as
 * unfinished multipart uploads: listed by {@link WorkspaceStorage#listAbandonedStaging}, removed by
 * {@link WorkspaceStorage#removeAbandonedStaging}). Only files of the task families (classes) the given tasks
 * reach are considered, unless {@code --all-families}: another pipeline sharing the workspace keeps
 * its outputs. Task info under {@code log/} is never touched.
 */
final class CleanCommand implements Callable<Integer> {
    private final RuntimeOptions runtime;
    private final TaskHelpOption help = new TaskHelpOption();
    private CommandSpec spec;
    private final PositionalParamSpec words =
            taskWords("The tasks whose outputs (and their dependencies' outputs) are kept.", true);
    private final OptionSpec deleteOption = flag(OptionSpec.builder("--delete")
            .description("Delete the files listed, each under the exclusive cache lock of its path."));
    private final OptionSpec allFamiliesOption = flag(OptionSpec.builder("--all-families")
            .description("Consider every cache file in the workspace, also those of task classes these tasks do"
                    + " not reach (other pipelines' outputs); without it, only files of the task classes they reach are"
                    + " considered."));
    private final OptionSpec tempGraceOption = option(OptionSpec.builder("--temp-grace").paramLabel("DURATION")
            .type(Duration.class).defaultValue("10m").converters(new DurationConverter())
            .description("How old a temporary file must be to count as left over by an interrupted write"
                    + " (default: ${DEFAULT-VALUE})."), null);

    private CleanCommand(RuntimeOptions runtime) {
        this.runtime = runtime;
    }

    /**
     * @param runtime the command's runtime options
     * @return picocli's model of {@code kart clean}, bound to a new command
     */
    static CommandSpec create(RuntimeOptions runtime) {
        return new CleanCommand(runtime).model();
    }

    private CommandSpec model() {
        spec = CommandSpec.wrapWithoutInspection(this).name("clean");
        spec.usageMessage().sortOptions(false)
                .description("Lists the cache files in the workspace that none of the given tasks (and their"
                        + " dependencies) reach, and temporary files left by interrupted writes. A dry run unless"
                        + " --delete is given.", "Only cache files of the task classes these tasks reach are considered"
                        + " (other pipelines in the workspace keep theirs) unless --all-families is given; task info"
                        + " under log/ and files not named like kart's cache files are kept. Each task may be followed"
                        + " by its parameters.")
                .footer("", "Examples:", "  kart clean books.BookReport \\",
                        "      --classpath kart-examples/target/kart-examples.jar",
                        "  kart clean books.BookReport --all-families \\",
                        "      --classpath kart-examples/target/kart-examples.jar",
                        "  kart clean books.BookReport --book=PERSUASION books.BookReport --delete \\",
                        "      --classpath kart-examples/target/kart-examples.jar");
        spec.addPositional(words);
        spec.addOption(deleteOption);
        spec.addOption(allFamiliesOption);
        spec.addOption(tempGraceOption);
        spec.addMixin("runtime", runtime.mixin("", true));
        spec.addMixin("help", help.mixin());
        return spec;
    }

    /**
     * @return which cache locks the deletions took; the in-memory backend's keep out this process's builds
     *     only, which a user cleaning a workspace other nodes build in without their backend must hear
     */
    private static String lockNote(Session session) {
        Optional<String> named = session.namedLockBackend();
        if (named.isPresent()) {
            return "Deleted under the cache locks of " + named.get() + ".";
        }
        String note = "Deleted under the cache locks of the " + session.lockBackendName() + " lock backend";
        return session.lockBackendName().equals(LockBackends.DEFAULT_BACKEND)
                ? note + ", which keep out this process's builds only; where other nodes use this workspace, give the"
                        + " lock backend they use (--redis-host and --redis-port)."
                : note + ".";
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Optional<List<TaskInvocation>> named = TaskWords.tasksOrHelp(spec, runtime, help, true,
                "name the tasks whose outputs to keep, such as books.BookReport");
        if (named.isEmpty()) {
            return ExitCodes.OK;
        }
        List<TaskInvocation> roots = named.get();
        boolean delete = given(deleteOption);
        boolean allFamilies = given(allFamiliesOption);
        Duration tempGrace = tempGraceOption.getValue();
        try (Session session = runtime.open(Map.of())) {
            ObjectDisplay paths = session.objects();
            if (delete) {
                // deleting takes each file's exclusive cache lock: an unreachable backend stops the
                // command here, before it prints or deletes anything (a dry run takes no lock)
                session.kart().lockBackend();
            }
            WorkspaceStorage storage = session.workspace().storage();
            Set<String> reachable = new HashSet<>();
            Set<String> families = new HashSet<>();
            Set<String> familyNames = new HashSet<>();
            Set<String> tasks = new HashSet<>();
            for (TaskInvocation root : roots) {
                for (TaskNode node : session.graph(session.task(root), true).nodes()) {
                    tasks.add(node.uniqueId());
                    familyNames.add(node.type().family());
                    for (CacheTarget target : node.outputs()) {
                        reachable.add(target.path());
                        families.add(WorkspaceSweep.familyStem(target.path(), node.type().simpleName()));
                    }
                }
            }
            WorkspaceSweep.Plan plan;
            // a local workspace's temporary files are listed one by one, each deleted under its
            // target's lock; other stores remove their abandoned staging by age at the end
            Optional<LocalFileStorage> local = storage instanceof LocalFileStorage files ? Optional.of(files)
                    : Optional.empty();
            Instant now = Instant.now();
            try {
                // a local workspace in one walk that leaves out log/, whose task info the sweep never considers
                LocalFileStorage.SweepListing listing = local.isPresent()
                        ? local.get().sweepListing(Workspace.LOG_DIRECTORY)
                        : new LocalFileStorage.SweepListing(storage.list(""), List.of());
                plan = WorkspaceSweep.plan(listing.published(), listing.staging(), reachable,
                        allFamilies ? Optional.empty() : Optional.of(families), tempGrace, now);
            } catch (IOException e) {
                throw new KartException("cannot read the workspace " + paths.workspace() + ": " + e, e);
            }
            if (allFamilies) {
                out.println("Considering every cache file in the workspace (--all-families), of any task class.");
            } else {
                out.println("Considering only the cache files of the " + familyNames.size() + " task class"
                        + (familyNames.size() == 1 ? "" : "es") + " these tasks reach; add --all-families to consider"
                        + " every cache file in the workspace.");
            }
            out.println("Workspace " + paths.workspace() + ": " + plan.reachedCount() + " cache file"
                    + plural(plan.reachedCount()) + " reached by "
                    + String.join(", ", roots.stream().map(CleanCommand::asGiven).toList())
                    + " (" + tasks.size() + " task" + plural(tasks.size()) + "), kept.");
            int removed = 0;
            long removedBytes = 0;
            if (!plan.unreached().isEmpty()) {
                out.println(plan.unreached().size() + " cache file" + plural(plan.unreached().size())
                        + " not reached by these tasks:");
            }
            for (WorkspaceSweep.Candidate candidate : plan.unreached()) {
                boolean gone = delete && session.store().removeFile(candidate.path());
                out.println("  " + (delete ? (gone ? "deleted " : "already gone ") : "") + paths.apply(candidate.path())
                        + "  (" + size(candidate.size()) + ")");
                if (gone) {
                    removed++;
                    removedBytes += candidate.size();
                }
            }
            if (!plan.staleTemps().isEmpty()) {
                out.println(plan.staleTemps().size() + " temporary file" + plural(plan.staleTemps().size())
                        + " older than " + DurationText.configValue(tempGrace)
                        + ", left by interrupted writes:");
            }
            for (WorkspaceSweep.Candidate candidate : plan.staleTemps()) {
                boolean gone = delete && session.store().removeTempFile(candidate.path());
                out.println("  " + (delete ? (gone ? "deleted " : "kept (being written now) ") : "")
                        + paths.apply(candidate.path()) + "  (" + size(candidate.size()) + ")");
                if (gone) {
                    removed++;
                    removedBytes += candidate.size();
                }
            }
            int staging = 0;
            if (local.isEmpty()) {
                String age = DurationText.configValue(tempGrace);
                // the dry run lists what --delete removes: the same walk of the store, without the removal
                List<String> lines = delete ? session.store().removeAbandonedStaging(now.minus(tempGrace))
                        : session.store().listAbandonedStaging(now.minus(tempGrace));
                staging = lines.size();
                if (lines.isEmpty()) {
                    out.println("No staging older than " + age + " left by interrupted writes (such as unfinished"
                            + " uploads).");
                } else if (delete) {
                    out.println("Removed " + lines.size() + " staging left by interrupted writes, older than " + age + ":");
                } else {
                    out.println(lines.size() + " staging older than " + age + " left by interrupted writes (such as"
                            + " unfinished uploads):");
                }
                lines.forEach(line -> out.println("  " + line));
            }
            int files = plan.unreached().size() + plan.staleTemps().size();
            out.println(CleanSummary.of(delete, files, removed, size(removedBytes), size(plan.bytes()), staging));
            if (delete && removed + staging > 0) {
                out.println(lockNote(session));
            }
            if (plan.otherFamilyCount() > 0) {
                out.println("Also kept: " + plan.otherFamilyCount() + " file" + plural(plan.otherFamilyCount())
                        + " of other task classes (not considered without --all-families).");
            }
            StringJoiner alsoKept = new StringJoiner(", ", "Also kept: ", ".").setEmptyValue("");
            if (plan.youngTempCount() > 0) {
                alsoKept.add(plan.youngTempCount() + " recent temporary file" + plural(plan.youngTempCount())
                        + " (maybe being written)");
            }
            if (plan.otherCount() > 0) {
                alsoKept.add(plan.otherCount() + " file" + plural(plan.otherCount()) + " not named like kart's cache files");
            }
            if (alsoKept.length() > 0) {
                out.println(alsoKept);
            }
            out.println("Task info under " + paths.apply("log") + " is never deleted.");
            return ExitCodes.OK;
        }
    }

    private static String plural(long count) {
        return count == 1 ? "" : "s";
    }

    /**
     * Not with String.format: on Java 17 its first number loads the JDK's locale data, a few percent of
     * the command (docs/benchmarks.md, "Sixteenth part").
     */
    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        BigDecimal kibibytes = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024), 1, RoundingMode.HALF_UP);
        if (kibibytes.compareTo(BigDecimal.valueOf(1024)) < 0) {
            return kibibytes.toPlainString() + " KiB";
        }
        // from 1,048,525 bytes on, which would round to 1024.0 KiB
        return BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(1024 * 1024), 1, RoundingMode.HALF_UP).toPlainString()
                + " MiB";
    }

    /** Reads {@code 10m}, {@code 90s} or {@code PT1H} as kart reads durations everywhere. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration;
            try {
                duration = (Duration) ParameterParser.fromText(value, Duration.class, "--temp-grace");
            } catch (ParameterValueException e) {
                // what the option takes: kart's error names the option and the value as typed around it
                throw new TypeConversionException("a duration with a unit, such as 10m, 90s or PT1H");
            }
            if (duration.isNegative()) {
                throw new TypeConversionException("a duration of 0 or more, such as 10m");
            }
            return duration;
        }
    }

    /** A root as the line named it: {@code books.BookReport(book=PERSUASION)}, the parameters given sorted by name. */
    private static String asGiven(TaskInvocation root) {
        String name = TaskCatalog.shortName(root.type().family());
        if (root.values().isEmpty()) {
            return name;
        }
        return name + new TreeMap<>(root.values()).entrySet().stream()
                .map(value -> value.getKey() + "=" + value.getValue())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
