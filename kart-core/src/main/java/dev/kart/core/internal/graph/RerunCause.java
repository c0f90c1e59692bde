package dev.kart.core.internal.graph;

/** Why a task of a build graph runs even when its outputs exist, if it does. */
public enum RerunCause {
    /** It runs only when an output is missing. */
    NONE,
    /** Every task runs again ({@code BuildOptions.rerunAll}). */
    ALL,
    /** It is the root, and the root runs again ({@code BuildOptions.rerun}). */
    ROOT,
    /** Its class was named to run again ({@code BuildOptions.rerunTasks}). */
    NAMED,
    /** It depends, directly or not, on a task whose class was named to run again. */
    DEPENDS_ON_NAMED,
    /** Its {@code kart.tasks."<class>".rerun} setting is true. */
    CONFIG;

    /** @return whether the task runs even when its outputs exist */
    public boolean reruns() {
        return this != NONE;
    }
}
