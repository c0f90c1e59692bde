package dev.kart.cli.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.cli.UsageException;
import dev.kart.core.internal.model.TaskType;
import dev.kart.examples.books.BookReport;
import dev.kart.fixtures.Echo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskArgumentsTest {
    private static final List<String> OPTIONS = List.of("--workers", "--workspace", "--rerun");

    @Test
    void readsValuesAfterAnEqualsSignOrAsTheNextWordByNameOrKebabCaseName() {
        assertThat(single("BookReport", "--top=5", "--min-length", "4", "--book", "PERSUASION"))
                .isEqualTo(Map.of("top", "5", "minLength", "4", "book", "PERSUASION"));
        assertThat(single("BookReport", "--minLength=2")).isEqualTo(Map.of("minLength", "2"));
        assertThat(single("BookReport", "--top=")).isEqualTo(Map.of("top", ""));
    }

    @Test
    void aBooleanAloneIsTrueAndMayBeFollowedByItsValue() {
        assertThat(single("Echo", "--loud")).isEqualTo(Map.of("loud", "true"));
        assertThat(single("Echo", "--loud", "false", "--text", "x")).isEqualTo(Map.of("loud", "false", "text", "x"));
        assertThat(single("Echo", "--loud", "--text", "x")).isEqualTo(Map.of("loud", "true", "text", "x"));
    }

    @Test
    void eachTaskNameStartsANewInvocationWhenSeveralAreAllowed() {
        List<TaskArguments.Invocation> invocations = TaskArguments.parse(
                List.of("Echo", "--text=a", "BookReport", "--top", "3", "Echo"), TaskArgumentsTest::type, OPTIONS, true);

        assertThat(invocations).extracting(i -> (Object) i.type().type()).containsExactly(Echo.class, BookReport.class, Echo.class);
        assertThat(invocations).extracting(TaskArguments.Invocation::values)
                .containsExactly(Map.of("text", "a"), Map.of("top", "3"), Map.of());
    }

    @Test
    void mistakesAreUsageErrorsNamingTheWord() {
        assertThatThrownBy(() -> single("BookReport", "--top=1", "--top=2")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--top").hasMessageContaining("given twice");
        assertThatThrownBy(() -> single("BookReport", "--top")).hasMessageContaining("--top").hasMessageContaining("needs a value");
        assertThatThrownBy(() -> single("BookReport", "--tp=3")).hasMessageContaining("'--tp=3'")
                .hasMessageContaining("did you mean --top?");
        assertThatThrownBy(() -> single("Echo", "--set=3")).hasMessageContaining("'--set=3'")
                .hasMessageNotContaining("did you mean");
        assertThatThrownBy(() -> single("BookReport", "--workspaces", "x")).hasMessageContaining("did you mean --workspace?");
        assertThatThrownBy(() -> single("BookReport", "extra")).hasMessageContaining("unexpected argument 'extra'");
        assertThatThrownBy(() -> single("BookReport", "-t")).hasMessageContaining("unknown option '-t'");
        assertThatThrownBy(() -> TaskArguments.parse(List.of(), TaskArgumentsTest::type, OPTIONS, false))
                .hasMessageContaining("missing TASK");
        assertThatThrownBy(() -> TaskArguments.parse(List.of("--top=1", "BookReport"), TaskArgumentsTest::type, OPTIONS,
                false)).hasMessageContaining("task parameters come after the task name");
    }

    @Test
    void aParameterOfADependencyIsPointedToItsConfigSection() {
        assertThatThrownBy(() -> TaskArguments.parse(List.of("CountWords", "--chapter=3"), TaskArgumentsTest::type, OPTIONS,
                false)).hasMessageContaining("unknown option '--chapter=3' for task dev.kart.examples.books.CountWords."
                        + " It is a parameter of the dependency dev.kart.examples.books.CleanChapter: set it in config, as in"
                        + " -D 'kart.tasks.\"dev.kart.examples.books.CleanChapter\".chapter=VALUE'");
    }

    private static Map<String, String> single(String task, String... words) {
        List<String> all = new java.util.ArrayList<>(List.of(task));
        all.addAll(List.of(words));
        List<TaskArguments.Invocation> invocations = TaskArguments.parse(all, TaskArgumentsTest::type, OPTIONS, false);
        assertThat(invocations).hasSize(1);
        return invocations.get(0).values();
    }

    private static TaskType type(String name) {
        return TaskType.of(switch (name) {
            case "Echo" -> Echo.class;
            case "BookReport" -> BookReport.class;
            case "CountWords" -> dev.kart.examples.books.CountWords.class;
            default -> throw new UsageException("unknown task '" + name + "'");
        });
    }
}
