package dev.kart.cli.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.cli.UsageException;
import dev.kart.core.internal.model.TaskType;
import dev.kart.examples.books.BookReport;
import dev.kart.examples.books.CountWords;
import dev.kart.examples.books.ReadBook;
import dev.kart.fixtures.Echo;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

class TaskLineTest {
    /**
     * A command with a few of kart's options, bound to its fields. Annotated, for brevity: TaskLine takes
     * any model, and kart's commands build theirs in code (CommandModelTest reads one through TaskLine).
     */
    @Command(name = "run", description = "Builds a task.")
    static final class Run {
        @Option(names = "--workers", paramLabel = "N", description = "Worker threads.")
        Integer workers;

        @Option(names = "--workspace", paramLabel = "DIR", description = "Where cache files go.")
        String workspace;

        @Option(names = "--rerun", description = "Run the task again.")
        boolean rerun;

        @Option(names = "-D", paramLabel = "KEY=VALUE", description = "A config value.")
        Map<String, String> settings = new LinkedHashMap<>();

        @Option(names = "--rerun-task", paramLabel = "TASK", description = "Run this task again.")
        List<String> rerunTasks = new ArrayList<>();
    }

    /** A command whose options no other command has: kart's are looked up by KartCommand. */
    private static final Function<String, Optional<String>> NO_OTHER_COMMAND = option -> Optional.empty();

    private final Run run = new Run();
    private final StringWriter out = new StringWriter();
    private final CommandLine command = new CommandLine(run).setOut(new PrintWriter(out));
    private final AtomicInteger lookups = new AtomicInteger();

    @Test
    void readsValuesAfterAnEqualsSignOrAsTheNextWordByNameOrKebabCaseName() {
        assertThat(single("BookReport", "--top=5", "--min-length", "4", "--book", "PERSUASION"))
                .isEqualTo(Map.of("top", "5", "minLength", "4", "book", "PERSUASION"));
        assertThat(single("BookReport", "--minLength=2")).isEqualTo(Map.of("minLength", "2"));
        assertThat(single("BookReport", "--top=")).isEqualTo(Map.of("top", ""));
        assertThat(single("Echo", "--text", "-5")).isEqualTo(Map.of("text", "-5"));
    }

    @Test
    void aBooleanAloneIsTrueAndMayBeFollowedByItsValue() {
        assertThat(single("Echo", "--loud")).isEqualTo(Map.of("loud", "true"));
        assertThat(single("Echo", "--loud", "false", "--text", "x")).isEqualTo(Map.of("loud", "false", "text", "x"));
        assertThat(single("Echo", "--loud", "--text", "x")).isEqualTo(Map.of("loud", "true", "text", "x"));
        assertThatThrownBy(() -> single("Echo", "--loud=yes")).isInstanceOf(ParameterException.class)
                .hasMessage("task parameter --loud of dev.kart.fixtures.Echo takes true or false, not 'yes' (--loud alone"
                        + " means true)");
        assertThatThrownBy(() -> single("Echo", "--loud", "yes")).isInstanceOf(ParameterException.class)
                .hasMessage("task parameter --loud of dev.kart.fixtures.Echo takes true or false, not 'yes' (--loud alone"
                        + " means true)");
    }

    @Test
    void kartsOptionsAndTheTasksParametersMixInAnyOrderInOneParse() {
        assertThat(single("BookReport", "--workers", "2", "--top", "5", "--rerun", "--min-length=4", "--workspace=w"))
                .isEqualTo(Map.of("top", "5", "minLength", "4"));
        assertThat(run.workers).isEqualTo(2);
        assertThat(run.rerun).isTrue();
        assertThat(run.workspace).isEqualTo("w");

        TaskLine before = TaskLine.parse(command.getCommandSpec(), List.of("--workers=3", "Echo", "--text=a"),
                this::type, false, NO_OTHER_COMMAND);
        assertThat(before.invocations()).extracting(TaskInvocation::values).containsExactly(Map.of("text", "a"));
        assertThat(run.workers).isEqualTo(3);
    }

    @Test
    void anOptionOfKartsGivenBeforeAndAfterTheTaskKeepsEveryValue() {
        assertThat(single("BookReport", "-D", "kart.retry.count=1", "--rerun-task", "B", "--top=5")).isEqualTo(Map.of("top", "5"));
        assertThat(run.settings).isEqualTo(Map.of("kart.retry.count", "1"));

        TaskLine.parse(command.getCommandSpec(), List.of("-D", "kart.workers=3", "--rerun-task", "A", "Echo", "--text=a",
                "-D", "kart.retry.count=1", "--rerun-task", "B", "-D", "kart.durable=false"), this::type, false, NO_OTHER_COMMAND);

        assertThat(run.settings).containsExactly(Map.entry("kart.workers", "3"), Map.entry("kart.retry.count", "1"),
                Map.entry("kart.durable", "false"));
        assertThat(run.rerunTasks).containsExactly("A", "B");
    }

    @Test
    void eachTaskNameStartsANewInvocationWhenSeveralAreAllowed() {
        List<TaskInvocation> invocations = TaskLine.parse(command.getCommandSpec(),
                List.of("Echo", "--text=a", "BookReport", "--top", "3", "--rerun", "Echo", "Echo", "--text", "b"),
                this::type, true, NO_OTHER_COMMAND).invocations();

        assertThat(invocations).extracting(i -> (Object) i.type().type())
                .containsExactly(Echo.class, BookReport.class, Echo.class, Echo.class);
        assertThat(invocations).extracting(TaskInvocation::values)
                .containsExactly(Map.of("text", "a"), Map.of("top", "3"), Map.of(), Map.of("text", "b"));
        assertThat(run.rerun).isTrue();
    }

    @Test
    void aWordIsLookedUpAsATaskOnlyWhereATaskMayStand() {
        TaskLine.parse(command.getCommandSpec(), List.of("BookReport", "--top", "3", "--book", "PERSUASION"),
                this::type, true, NO_OTHER_COMMAND);

        assertThat(lookups).as("'3' and 'PERSUASION' are values, not tasks").hasValue(1);
    }

    @Test
    void noTaskIsNoInvocation() {
        assertThat(TaskLine.parse(command.getCommandSpec(), List.of("--rerun"), this::type, false, NO_OTHER_COMMAND).invocations()).isEmpty();
    }

    @Test
    void mistakesNameTheWordTheTaskAndWhatWasExpected() {
        assertThatThrownBy(() -> single("BookReport", "--top=1", "--top=2")).isInstanceOf(ParameterException.class)
                .hasMessage("task parameter --top of dev.kart.examples.books.BookReport is given twice ('1' and '2')");
        assertThatThrownBy(() -> single("BookReport", "--minLength=1", "--min-length=2"))
                .hasMessageContaining("--min-length").hasMessageContaining("given twice ('1' and '2')");
        assertThatThrownBy(() -> single("BookReport", "--top")).hasMessage(
                "task parameter --top of dev.kart.examples.books.BookReport needs a value (int): give --top=VALUE");
        assertThatThrownBy(() -> single("BookReport", "--top", "--rerun")).hasMessageContaining("--top")
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> single("BookReport", "--tp=3")).hasMessageContaining("'--tp=3'")
                .hasMessageContaining("did you mean --top?");
        assertThatThrownBy(() -> single("BookReport", "--tpo=3")).hasMessage("unknown option '--tpo=3' for task"
                + " dev.kart.examples.books.BookReport (did you mean --top?); its parameters: --book, --top, --min-length");
        assertThatThrownBy(() -> single("Echo", "--txt=3")).hasMessageContaining("did you mean --text?");
        assertThatThrownBy(() -> single("Echo", "--set=3")).hasMessageContaining("'--set=3'")
                .hasMessageNotContaining("did you mean");
        assertThatThrownBy(() -> single("BookReport", "--workspaces", "x")).hasMessageContaining("did you mean --workspace?");
        assertThatThrownBy(() -> single("BookReport", "extra")).hasMessage("unexpected argument 'extra' after task"
                + " dev.kart.examples.books.BookReport: give task parameters as --name=value");
        assertThatThrownBy(() -> single("BookReport", "-t")).hasMessageContaining("unknown option '-t'");
        assertThatThrownBy(() -> TaskLine.parse(command.getCommandSpec(), List.of("--top=1", "BookReport"), this::type,
                false, NO_OTHER_COMMAND)).hasMessage("unknown option '--top=1'; task parameters come after the task name");
        assertThatThrownBy(() -> TaskLine.parse(command.getCommandSpec(), List.of("--worker=1", "BookReport"), this::type,
                false, NO_OTHER_COMMAND)).hasMessageContaining("(did you mean --workers?)");
        assertThatThrownBy(() -> single("Nope")).isInstanceOf(UsageException.class).hasMessageContaining("unknown task")
                .hasMessageNotContaining("note");
        // a misspelt --classpath is why a task is not found: say so, though picocli stopped before the word
        assertThatThrownBy(() -> single("Nope", "--workspce=w", "--top=3")).isInstanceOf(UsageException.class)
                .hasMessage("unknown task 'Nope'; note that '--workspce' (did you mean --workspace?) is no option of kart's");
    }

    @Test
    void anOptionOfAnotherCommandIsThatCommandsNotTheTasks() {
        Function<String, Optional<String>> quietOfRun = option -> option.equals("-q")
                ? Optional.of("-q is an option of kart run, not of kart tree") : Optional.empty();

        for (List<String> words : List.of(List.of("BookReport", "-q"), List.of("-q", "BookReport"))) {
            assertThatThrownBy(() -> TaskLine.parse(command.getCommandSpec(), words, this::type, false, quietOfRun))
                    .as("%s", words).isExactlyInstanceOf(ParameterException.class)
                    .hasMessage("-q is an option of kart run, not of kart tree");
        }
        assertThatThrownBy(() -> TaskLine.parse(command.getCommandSpec(), List.of("BookReport", "-x"), this::type, false,
                quietOfRun)).hasMessageStartingWith("unknown option '-x' for task dev.kart.examples.books.BookReport");
    }

    @Test
    void aParameterOfADependencyIsPointedToItsConfigSection() {
        assertThatThrownBy(() -> single("CountWords", "--chapter=3")).hasMessageContaining(
                "unknown option '--chapter=3' for task dev.kart.examples.books.CountWords. It is a parameter of the"
                + " dependency dev.kart.examples.books.CleanChapter: set it in config, as in"
                + " -D 'kart.tasks.\"dev.kart.examples.books.CleanChapter\".chapter=VALUE'");
        assertThatThrownBy(() -> single("CountWords", "--tokens.min-length=2")).hasMessageContaining(
                "unknown option '--tokens.min-length=2' for task dev.kart.examples.books.CountWords. --tokens is a dependency,"
                + " whose minLength is set in config, not on the command line:"
                + " -D 'kart.tasks.\"dev.kart.examples.books.TokenizeChapter\".minLength=VALUE'");
        // a parameter holding any task, which kart cannot make: no config key, and no error of its own
        assertThatThrownBy(() -> single("Wraps", "--inner.name=x")).isInstanceOf(ParameterException.class)
                .hasMessageStartingWith("unknown option '--inner.name=x' for task " + Wraps.class.getName())
                .hasMessageNotContaining("kart.tasks");
        assertThatThrownBy(() -> single("CountWords", "--tokens=x")).hasMessageContaining(
                "It is a dependency (TokenizeChapter), built from its own parameters, not given on the command line:"
                + " set those in config, as in -D 'kart.tasks.\"dev.kart.examples.books.TokenizeChapter\".NAME=VALUE'");
    }

    @Test
    void luigisFormForATasksParameterIsAnsweredInKartsWords() {
        // luigi's --TaskFamily-param-name, for a dependency's parameter and for the task's own
        assertThatThrownBy(() -> single("CountWords", "--TokenizeChapter-min-length=2")).hasMessageContaining(
                "unknown option '--TokenizeChapter-min-length=2' for task dev.kart.examples.books.CountWords: luigi's"
                + " --TokenizeChapter-min-length sets a dependency's parameter; kart sets it in config, as in"
                + " -D 'kart.tasks.\"dev.kart.examples.books.TokenizeChapter\".minLength=VALUE'");
        assertThatThrownBy(() -> single("BookReport", "--BookReport-min-length=2")).hasMessageContaining(
                ": luigi's --BookReport-min-length is --min-length here, after the task's name");
        // a task its code makes in requires(), which no declared parameter reaches: found among the known tasks
        // (BookReport's code makes it with new ReadBook(book): config does not reach it, the root's --book does)
        assertThatThrownBy(() -> single("BookReport", "--ReadBook-book=PERSUASION")).hasMessage(
                "unknown option '--ReadBook-book=PERSUASION' for task dev.kart.examples.books.BookReport: luigi's"
                + " --ReadBook-book sets book of every ReadBook task; here the code that makes a ReadBook gives every"
                + " value, and config does not reach it: set what that code reads, such as this task's own --book; its"
                + " parameters: --book, --top, --min-length");
        // a family whose parameter is misspelt, or that has no such parameter
        assertThatThrownBy(() -> single("BookReport", "--ReadBook-bok=PERSUASION")).hasMessageContaining(
                ": luigi's --ReadBook-bok names no parameter of dev.kart.examples.books.ReadBook (did you mean book?);"
                + " its parameters: --book, --top, --min-length");
        assertThatThrownBy(() -> single("CountWords", "--TokenizeChapter-top=2"))
                .hasMessage("unknown option '--TokenizeChapter-top=2' for task dev.kart.examples.books.CountWords: luigi's"
                        + " --TokenizeChapter-top names no parameter of dev.kart.examples.books.TokenizeChapter (it has"
                        + " min-length); the task has no parameters to give on the command line");
        // a name that only looks like it gets the usual answer
        assertThatThrownBy(() -> single("CountWords", "--Nothing-top=2"))
                .hasMessage("unknown option '--Nothing-top=2' for task"
                        + " dev.kart.examples.books.CountWords; the task has no parameters to give on the command line");
    }

    @Test
    void luigisOwnOptionsAfterATaskAreAnsweredInKartsWords() {
        assertThatThrownBy(() -> single("BookReport", "--log-level=DEBUG")).hasMessageContaining(
                "unknown option '--log-level=DEBUG' for task dev.kart.examples.books.BookReport: luigi's --log-level is"
                + " -D kart.log.level=DEBUG here");
        assertThatThrownBy(() -> single("BookReport", "--scheduler-host=central")).hasMessageContaining(
                "unknown option '--scheduler-host=central' for task dev.kart.examples.books.BookReport: kart has no"
                + " central scheduler: nodes share the lock backend (--redis-host, kart.lock.redis.host)");
    }

    @Test
    void theHelpListsKartsOptionsThenEachTaskOnceInOneTable() {
        TaskLine line = TaskLine.parse(command.getCommandSpec(), List.of("Echo", "BookReport", "Echo", "--rerun"),
                this::type, true, NO_OTHER_COMMAND);

        line.usage(ConfiguredParameters.NONE, new PrintWriter(out, true));

        String help = out.toString();
        assertThat(help.replaceAll("\\s+", " ")).startsWith("Usage: run [OPTIONS] Echo [--PARAMETER=VALUE...] BookReport"
                + " [--PARAMETER=VALUE...] Echo [--PARAMETER=VALUE...]");
        assertThat(help).contains("Builds a task.", "Task dev.kart.fixtures.Echo", "Task dev.kart.examples.books.BookReport");
        assertThat(help.split("Task dev.kart.fixtures.Echo", -1)).as("Echo described once").hasSize(2);
        int column = help.lines().filter(l -> l.contains("--workers=N")).findFirst().orElseThrow().indexOf("--workers");
        assertThat(help.lines().filter(l -> l.contains("--min-length=int") || l.contains("--text=String")))
                .hasSize(2).allSatisfy(l -> assertThat(l.indexOf("--")).isEqualTo(column));
    }

    @Test
    void theHelpsSynopsisSaysMoreTasksMayFollowWhereSeveralAreTaken() {
        StringWriter several = new StringWriter();
        StringWriter one = new StringWriter();

        TaskLine.parse(command.getCommandSpec(), List.of("Echo"), this::type, true, NO_OTHER_COMMAND)
                .usage(ConfiguredParameters.NONE, new PrintWriter(several, true));
        TaskLine.parse(command.getCommandSpec(), List.of("Echo"), this::type, false, NO_OTHER_COMMAND)
                .usage(ConfiguredParameters.NONE, new PrintWriter(one, true));

        assertThat(several.toString().replaceAll("\\s+", " ")).startsWith("Usage: run [OPTIONS] Echo [--PARAMETER=VALUE...]"
                + " [TASK [--PARAMETER=VALUE...]]... Builds a task.");
        assertThat(one.toString().replaceAll("\\s+", " ")).startsWith("Usage: run [OPTIONS] Echo [--PARAMETER=VALUE...]"
                + " Builds a task.");
    }

    /** @param inner any task: set in code only */
    public record Wraps(Task<?> inner) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "wraps";
        }
    }

    private Map<String, String> single(String task, String... words) {
        List<String> all = new ArrayList<>(List.of(task));
        all.addAll(List.of(words));
        List<TaskInvocation> invocations = TaskLine.parse(command.getCommandSpec(), all, this::type, false, NO_OTHER_COMMAND).invocations();
        assertThat(invocations).hasSize(1);
        return invocations.get(0).values();
    }

    private TaskType type(String name) {
        lookups.incrementAndGet();
        return TaskType.of(switch (name) {
            case "Echo" -> Echo.class;
            case "BookReport" -> BookReport.class;
            case "CountWords" -> CountWords.class;
            case "ReadBook" -> ReadBook.class;
            case "Wraps" -> Wraps.class;
            default -> throw new UsageException("unknown task '" + name + "'");
        });
    }
}
