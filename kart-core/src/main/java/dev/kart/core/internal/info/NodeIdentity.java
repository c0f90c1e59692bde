package dev.kart.core.internal.info;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    /** The numbers of this JVM's runtimes not closed yet. */
    private static final Set<Integer> OPEN = ConcurrentHashMap.newKeySet();

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
        NodeIdentity made = new NodeIdentity(ProcessIdentity.current(), RUNTIMES.incrementAndGet());
        OPEN.add(made.runtime());
        return made;
    }

    /** This runtime of this JVM was closed: it builds nothing more, and {@link #ended} says so of it. */
    public void closed() {
        if (process.equals(ProcessIdentity.current())) {
            OPEN.remove(runtime);
        }
    }

    /**
     * Whether this node is known to run no more, so that no build of it is under way: a runtime of this JVM
     * that was closed, or another process of this host that has exited (a process id reused since reads as
     * running). A node of another host may be running still as far as this one can tell: false. Hosts are
     * told apart by name, as task info names them.
     *
     * @return whether the node has ended
     */
    public boolean ended() {
        ProcessIdentity here = ProcessIdentity.current();
        if (!process.host().equals(here.host())) {
            return false;
        }
        if (process.pid() == here.pid()) {
            return !OPEN.contains(runtime);
        }
        return ProcessHandle.of(process.pid()).map(handle -> !handle.isAlive()).orElse(true);
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
