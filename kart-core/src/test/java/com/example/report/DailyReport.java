package com.example.report;

import dev.kart.task.RunContext;
import dev.kart.task.Task;

/**
 * A user's task, in a package of the user's: the frames of its package are the task's own code
 * (dev.kart.core.internal.failure.ThrowSiteTest).
 *
 * @param day which day it reports
 */
public record DailyReport(int day) implements Task<String> {
    @Override
    public String run(RunContext ctx) {
        return "";
    }
}
