package dev.kart.core.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.report.DailyReport;
import dev.kart.CacheReadException;
import dev.kart.CacheWriteException;
import dev.kart.KartException;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** The line of a failed task's code that a user looks at first, as the summary shows it after the failure. */
class ThrowSiteTest {
    private static final String TASK = DailyReport.class.getName();
    private static final StackTraceElement KART = frame("dev.kart.core.internal.schedule.TaskAttempt", "runWatched",
            "TaskAttempt.java", 185);

    /** A task of kart's own tests, in a package under kart's. */
    record Report(int day) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "";
        }
    }

    @Test
    void aTasksOwnErrorIsShownWhereItWasThrownEvenInAHelperOfTheTask() {
        IllegalStateException error = thrown(new IllegalStateException("bad day 3"),
                frame(TASK, "helper", "ThrowSiteTest.java", 12), frame(TASK, "run", "ThrowSiteTest.java", 8), KART);

        assertThat(ThrowSite.of(error, DailyReport.class)).hasValue("at " + TASK + ".helper(ThrowSiteTest.java:12)");
    }

    /** A library's exception the task wrapped: the library threw it, but the line to look at is the task's call. */
    @Test
    void aWrappedLibraryErrorIsShownAtTheTasksCallThatLedToIt() {
        NoSuchFileException root = thrown(new NoSuchFileException("/data/in.csv"),
                frame("sun.nio.fs.UnixException", "translateToIOException", "UnixException.java", 92),
                frame("java.nio.file.Files", "readString", "Files.java", 3325),
                frame("com.example.report.csv.Csv", "read", "Csv.java", 40),
                frame(TASK, "run", "ThrowSiteTest.java", 9), KART);
        UncheckedIOException error = thrown(new UncheckedIOException("cannot read the input", root),
                frame(TASK, "run", "ThrowSiteTest.java", 11), KART);

        assertThat(ThrowSite.of(error, DailyReport.class)).as("a class of a sub-package of the task's is the task's code")
                .hasValue("at com.example.report.csv.Csv.read(Csv.java:40)");
    }

    @Test
    void withoutAFrameOfTheTasksCodeTheDeepestCausesFirstFrameIsShown() {
        IOException root = thrown(new IOException("connection reset"),
                frame("org.example.client.Wire", "read", "Wire.java", 77), frame("org.example.client.Wire", "call", null, -1));
        RuntimeException error = thrown(new RuntimeException("query failed", root),
                frame("com.example.reports.Lookalike", "run", "Lookalike.java", 3));

        assertThat(ThrowSite.of(error, DailyReport.class)).as("a package whose name only starts with the task's is not the task's")
                .hasValue("at org.example.client.Wire.read(Wire.java:77)");
        assertThat(ThrowSite.of(thrown(new IOException("reset"), frame("org.example.client.Wire", "call", null, -1)),
                DailyReport.class)).hasValue("at org.example.client.Wire.call(Unknown Source)");
    }

    /** Kart's own errors name the thing at fault; their frames are kart's, which a user does not change. */
    @Test
    void kartsOwnErrorShowsASiteOnlyWhenTheTasksCodeCalledIt() {
        KartException kartOnly = thrown(new CacheReadException("cannot read cache file /w/a.json", thrown(
                new IOException("Input/output error"), frame("java.io.FileInputStream", "readBytes", null, -2), KART)), KART);
        KartException fromTheTask = thrown(new CacheReadException("cannot read cache file /w/a.json", null),
                frame("dev.kart.core.internal.storage.Files", "load", "Files.java", 50), frame(TASK, "run", "ThrowSiteTest.java", 21));

        assertThat(ThrowSite.of(kartOnly, DailyReport.class)).isEmpty();
        assertThat(ThrowSite.of(fromTheTask, DailyReport.class)).hasValue("at " + TASK + ".run(ThrowSiteTest.java:21)");
    }

    /**
     * Kart's own tests' tasks live in kart's packages; kart's frames are not their code all the same: a
     * publish kart refused shows none, as it would for a user's task.
     */
    @Test
    void kartsOwnFramesAreNotTheTasksCodeForATaskInAPackageUnderKarts() {
        KartException refused = thrown(new CacheWriteException("cannot write cache file /w/a.json", null),
                frame("dev.kart.core.internal.schedule.StagedOutputs", "publish", "StagedOutputs.java", 105), KART);

        assertThat(ThrowSite.of(refused, Report.class)).isEmpty();
    }

    @Test
    void anErrorWithoutFramesHasNoSiteAndCausesInACircleEndTheSearch() {
        assertThat(ThrowSite.of(thrown(new IllegalStateException("no trace")), Report.class)).isEmpty();
        IllegalStateException first = thrown(new IllegalStateException("first"));
        IllegalStateException second = thrown(new IllegalStateException("second", first),
                frame("org.example.Lib", "call", "Lib.java", 5));
        first.initCause(second);

        assertThat(ThrowSite.of(first, DailyReport.class)).hasValue("at org.example.Lib.call(Lib.java:5)");
    }

    @Test
    void aTaskOfTheUnnamedPackageOwnsTheOtherClassesOfThatPackage() throws ClassNotFoundException {
        Class<?> unnamed = Class.forName("UnnamedPackageTask");
        IllegalStateException error = thrown(new IllegalStateException("bad"),
                frame("java.util.Objects", "requireNonNull", "Objects.java", 209), frame("Helper", "check", "Helper.java", 4),
                frame("UnnamedPackageTask", "run", "UnnamedPackageTask.java", 9));

        assertThat(ThrowSite.of(error, unnamed)).hasValue("at Helper.check(Helper.java:4)");
    }

    private static <T extends Throwable> T thrown(T error, StackTraceElement... frames) {
        error.setStackTrace(frames);
        return error;
    }

    private static StackTraceElement frame(String className, String method, String file, int line) {
        return new StackTraceElement(className, method, file, line);
    }
}
