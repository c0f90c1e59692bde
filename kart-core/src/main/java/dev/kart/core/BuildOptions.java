package dev.kart.core;

import java.util.Objects;

/**
 * Options of one build. Immutable; start from {@link #defaults()}.
 *
 * @param rerun whether the root task runs even when its output exists
 * @param listener follows the build's progress
 */
public record BuildOptions(boolean rerun, BuildListener listener) {
    /** Checks the listener. */
    public BuildOptions {
        Objects.requireNonNull(listener, "listener");
    }

    /** @return no rerun, no listener */
    public static BuildOptions defaults() {
        return new BuildOptions(false, BuildListener.NONE);
    }

    /**
     * @param value whether to rerun the root
     * @return a copy with it
     */
    public BuildOptions withRerun(boolean value) {
        return new BuildOptions(value, listener);
    }

    /**
     * @param value the listener
     * @return a copy with it
     */
    public BuildOptions withListener(BuildListener value) {
        return new BuildOptions(rerun, value);
    }
}
