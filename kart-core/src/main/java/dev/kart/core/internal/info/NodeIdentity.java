package dev.kart.core.internal.info;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One runtime as task info names it: its process ({@code host:pid}) and which of the runtimes made
 * in that JVM it is. A process usually runs one runtime, the node of lock listings and of
 * {@code ranBy}; tests and simulations run several in one JVM as separate nodes, and the runtime
 * number keeps their records apart. Immutable.
 *
 * @param process the process
 * @param runtime 1 for the first runtime made in the JVM, 2 for the second, and so on
 */
public record NodeIdentity(ProcessIdentity process, int runtime) {
    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    /**
     * @param process the process
     * @param runtime the runtime's number in it, from 1
     * @throws IllegalArgumentException when {@code runtime} is less than 1
     */
    public NodeIdentity {
        if (runtime < 1) {
            throw new IllegalArgumentException("runtime number " + runtime + " of " + process + " must be at least 1");
        }
    }

    /** @return the identity of a new runtime of this process, numbered after those made before it */
    public static NodeIdentity next() {
        return new NodeIdentity(ProcessIdentity.current(), RUNTIMES.incrementAndGet());
    }

    /**
     * @param info a task info record
     * @return the node that wrote it; a record written before runtimes were numbered counts as runtime 1
     */
    public static NodeIdentity of(TaskInfo info) {
        return new NodeIdentity(new ProcessIdentity(info.host(), info.pid()), Math.max(1, info.runtime()));
    }

    /** @return {@code host:pid}, as lock listings and {@code LockActivity.ranBy} show the node */
    public String name() {
        return process.toString();
    }

    /**
     * @return the node in a file name: {@code {host}-{pid}}, with {@code -r{runtime}} after a second
     *     runtime's; characters other than letters, digits, dots and dashes in the host become {@code _}
     */
    public String fileName() {
        String host = process.host().replaceAll("[^A-Za-z0-9.-]", "_");
        return host + "-" + process.pid() + (runtime == 1 ? "" : "-r" + runtime);
    }

    /**
     * Written out, as {@link #hashCode}: a record's own are bound on their first call (through {@code
     * java.lang.runtime.ObjectMethods}), which {@code kart info} paid for comparing its records' writers.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof NodeIdentity that && runtime == that.runtime && Objects.equals(process, that.process);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(process) + runtime;
    }

    /** @return {@code host:pid}, with {@code (runtime N)} after it for a second runtime of the process */
    @Override
    public String toString() {
        return runtime == 1 ? name() : name() + " (runtime " + runtime + ")";
    }
}
