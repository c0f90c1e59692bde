package dev.kart.core;

import dev.kart.KartException;

/**
 * A build ended with tasks that failed for good. The message is the execution summary, each
 * failure with its root cause; {@link #report()} has the details, and the cause is the first
 * failure's error.
 */
public final class BuildFailedException extends KartException {
    private static final long serialVersionUID = 1L;

    private final transient BuildReport<?> report;

    /** @param report the failed build's report */
    public BuildFailedException(BuildReport<?> report) {
        super(report.summary(), report.failures().stream().findFirst().flatMap(TaskOutcome::failure).orElse(null));
        this.report = report;
    }

    /** @return the build's report */
    public BuildReport<?> report() {
        return report;
    }
}
