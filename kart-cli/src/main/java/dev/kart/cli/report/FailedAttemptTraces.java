package dev.kart.cli.report;

import dev.kart.core.AttemptOutcome;
import dev.kart.core.BuildReport;
import dev.kart.core.TaskOutcome;
import dev.kart.core.TaskState;
import java.io.PrintWriter;

/**
 * The stack traces {@code kart run -v} prints: of every attempt of the build that failed or was
 * interrupted, retried ones too, each under a line naming its task and attempt ({@code attempt 1 of 2}
 * once the task ended; {@code attempt 1} alone for a task the interrupted build stopped, whose other
 * attempts never came), with its "Caused by" chain, as task info keeps them. They go to stderr, before
 * the summary: stdout keeps only the summary or the JSON report.
 */
public final class FailedAttemptTraces {
    private FailedAttemptTraces() {
    }

    /**
     * @param report a build's report
     * @param err where to print, the command's stderr; flushed
     */
    public static void print(BuildReport<?> report, PrintWriter err) {
        for (TaskOutcome outcome : report.outcomes()) {
            for (AttemptOutcome attempt : outcome.attemptHistory()) {
                attempt.failure().ifPresent(error -> {
                    // an interrupted build made fewer attempts than the task had: "of N" would miscount them
                    String of = outcome.state() == TaskState.INTERRUPTED ? "" : " of " + outcome.attemptHistory().size();
                    err.println("kart: " + outcome.label() + ": attempt " + attempt.number() + of
                            + (attempt.outcome() == TaskState.INTERRUPTED ? " was interrupted:" : " failed:"));
                    error.printStackTrace(err);
                });
            }
        }
        err.flush();
    }
}
