package dev.kart.cli.progress;

import java.util.Objects;

/**
 * What a first Ctrl-C stops, as its line says it.
 *
 * @param inProgress the tasks running, waiting to retry and waiting for their run lock, such as
 *     {@code 1 running task and 2 tasks waiting to retry}, or {@code the build (no task in progress)}
 * @param tasksRunning whether a task is running: only a running task can be waited for up to
 *     {@code kart.interrupt-grace}, so the line quotes the grace only then
 */
public record StopScope(String inProgress, boolean tasksRunning) {
    /** Checks that the text is not null. */
    public StopScope {
        Objects.requireNonNull(inProgress, "inProgress");
    }
}
