package dev.kart.core.internal.graph;

import dev.kart.KartException;

/** The dependencies of a task form a cycle. The message lists the tasks in it, in order. */
public final class CycleException extends KartException {
    private static final long serialVersionUID = 1L;

    /** @param message the cycle, task by task */
    public CycleException(String message) {
        super(message);
    }
}
