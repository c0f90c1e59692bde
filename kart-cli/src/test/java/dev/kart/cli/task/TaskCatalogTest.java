package dev.kart.cli.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.cli.UsageException;
import dev.kart.examples.books.BookReport;
import dev.kart.fixtures.alpha.Same;
import org.junit.jupiter.api.Test;

class TaskCatalogTest {
    private final TaskCatalog catalog = new TaskCatalog(getClass().getClassLoader());

    @Test
    void findsATaskByItsFullNameItsShortFormOrItsClassNameAlone() {
        assertThat(catalog.resolve("dev.kart.examples.books.BookReport")).isEqualTo(BookReport.class);
        assertThat(catalog.resolve("books.BookReport")).isEqualTo(BookReport.class);
        assertThat(catalog.resolve("BookReport")).isEqualTo(BookReport.class);
        assertThat(catalog.resolve("alpha.Same")).isEqualTo(Same.class);
    }

    @Test
    void findsEveryTaskRecordOnTheClassPath() {
        assertThat(catalog.taskClassNames()).contains("dev.kart.examples.books.BookReport",
                "dev.kart.examples.sample.SomeTask", "dev.kart.fixtures.Echo", "dev.kart.fixtures.alpha.Same",
                "dev.kart.fixtures.beta.Same").isSorted();
    }

    @Test
    void anAmbiguousNameListsTheTasksItMatches() {
        assertThatThrownBy(() -> catalog.resolve("Same")).isInstanceOf(UsageException.class)
                .hasMessageContaining("ambiguous").hasMessageContaining("dev.kart.fixtures.alpha.Same")
                .hasMessageContaining("dev.kart.fixtures.beta.Same");
    }

    @Test
    void anUnknownNameListsTheClosestKnownTasksFirst() {
        assertThatThrownBy(() -> catalog.resolve("books.BookRepor")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("unknown task 'books.BookRepor'. Closest known tasks:\n  books.BookReport ")
                .hasMessageContaining("(dev.kart.examples.books.BookReport)")
                .hasMessageContaining("--classpath");
        assertThatThrownBy(() -> catalog.resolve("sample.SomTask"))
                .hasMessageStartingWith("unknown task 'sample.SomTask'. Closest known tasks:\n  sample.SomeTask ");
    }

    @Test
    void aClassThatIsNotATaskIsNamedAsSuch() {
        assertThatThrownBy(() -> catalog.resolve("java.lang.String")).isInstanceOf(UsageException.class)
                .hasMessage("java.lang.String is not a task: it does not implement dev.kart.task.Task");
    }

    @Test
    void theShortFormIsTheLastPackageSegmentAndTheClassName() {
        assertThat(TaskCatalog.shortName("dev.kart.examples.books.BookReport")).isEqualTo("books.BookReport");
        assertThat(TaskCatalog.shortName("sample.SomeTask")).isEqualTo("sample.SomeTask");
        assertThat(TaskCatalog.shortName("TopLevel")).isEqualTo("TopLevel");
    }
}
