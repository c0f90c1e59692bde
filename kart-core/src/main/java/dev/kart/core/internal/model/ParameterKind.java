package dev.kart.core.internal.model;

/** What a task parameter holds, as far as the graph is concerned. */
public enum ParameterKind {
    /** A plain value. */
    VALUE,
    /** One task: a dependency. */
    TASK,
    /** A list of tasks: several dependencies. */
    TASK_LIST
}
