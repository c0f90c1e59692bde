package dev.kart.cli;

import dev.kart.cli.progress.StopScope;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal or ssh session closed) during a build into
 * an interrupt of the building thread, so the build stops its tasks and the runtime releases every
 * lease it holds before the process exits, instead of leaving them to the TTL. A second signal quits
 * at once, whatever taking the progress view down does, unless it comes within
 * {@value #REPEAT_WINDOW_MILLIS} ms of the first: GNU {@code timeout} and some process supervisors
 * signal the process and then its whole process group, which delivers one request twice (kart says
 * so, and quits on the signal after it); a person pressing Ctrl-C again takes longer. The exit code
 * is the shell's for the signal: 130 for SIGINT, 143 for SIGTERM, 129 for SIGHUP.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported): a shutdown hook would run while the JVM
 * is already exiting, racing the build for the connection to the lock server. Where the JVM offers
 * no signal handling, signals keep their default effect. Not thread-safe: install and close on the
 * building thread.
 */
final class SignalInterrupts implements AutoCloseable {
    private static final Map<String, Integer> SIGNALS = Map.of("INT", 2, "TERM", 15, "HUP", 1);
    /** How soon after the first a signal counts as the same request delivered twice (its line says 1s). */
    static final long REPEAT_WINDOW_MILLIS = 1000;
    /**
     * How long a second signal waits for its clean-up before it quits regardless: long enough to take the view
     * off a terminal that answers, short enough that quitting still feels at once. A view not taken down by then
     * stays drawn.
     */
    static final long QUIT_CLEAN_UP_MILLIS = 1000;

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private volatile String received;
    private volatile long receivedAtNanos;
    /** Whether a signal was taken as the first delivered twice: one is, at most. */
    private boolean repeatTold;
    /** The grace and the TTL as the lines quote them: their keys alone until the configuration is read. */
    private volatile String grace = "kart.interrupt-grace";
    private volatile String ttl = "kart.lock.ttl";
    /** What the second signal's line says of the leases still held, once known to end with this process. */
    private volatile String endingLeases;
    /** What a second signal does before its line: take the progress view off the terminal, once there is one. */
    private volatile Runnable beforeQuitting = () -> { };
    /** Told of the first signal: says what the stop ends, when known, and shows the build as stopping. */
    private volatile Supplier<Optional<StopScope>> stopping = Optional::empty;

    private SignalInterrupts() {
    }

    /**
     * @param building the thread to interrupt, the one running the build
     * @param err where to say that the build is stopping
     * @return the installed handlers; close them when the build has ended
     */
    static SignalInterrupts install(Thread building, PrintWriter err) {
        SignalInterrupts interrupts = new SignalInterrupts();
        for (String name : SIGNALS.keySet()) {
            try {
                Signal signal = new Signal(name);
                interrupts.previous.put(signal, Signal.handle(signal, caught -> interrupts.caught(caught.getName(),
                        caught.getNumber(), System.nanoTime(), building, err, Runtime.getRuntime()::halt)));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // this JVM or platform does not let it be handled: the default (exit at once) stays
            }
        }
        return interrupts;
    }

    /**
     * Once the configuration is read, the lines quote the values with their keys, as the user wrote them when they
     * set them ({@code 60s}, not the {@code 1m} kart would write), else as a config file writes them.
     *
     * @param interruptGrace {@code kart.interrupt-grace} with its value, such as {@code kart.interrupt-grace = 90s}
     * @param leaseTtl the lease TTL with the key that set it, as the user wrote it when it was read from a config
     *     ({@code kart.lock.ttl = 60s}), else as a config file writes it ({@code kart.lock.ttl = 3m}):
     *     {@link dev.kart.lock.LeaseSettings#ttlSetting()}
     */
    void settingsRead(String interruptGrace, String leaseTtl) {
        grace = interruptGrace;
        ttl = leaseTtl;
    }

    /**
     * As {@link #settingsRead(String, String)}, for a lock backend whose leases end with this process (the
     * in-memory one): none is left to expire after its TTL, so the second signal's line quotes no TTL.
     *
     * @param interruptGrace {@code kart.interrupt-grace} with its value, such as {@code kart.interrupt-grace = 90s}
     * @param lockBackend the backend's name, as {@code kart.lock.backend} selects it
     */
    void settingsReadLeasesEndingWithProcess(String interruptGrace, String lockBackend) {
        grace = interruptGrace;
        endingLeases = "the " + lockBackend + " lock backend's leases end with this process";
    }

    /**
     * @param action what a second signal does before it says it quits and halts the JVM: take the progress view off
     *     the terminal, which halting would leave drawn; it replaces the action set before. It runs on a thread of its
     *     own, and the process halts after {@value #QUIT_CLEAN_UP_MILLIS} ms whether it ended, failed or not
     */
    void beforeQuitting(Runnable action) {
        beforeQuitting = action;
    }

    /**
     * @param action what the first signal does before its line: show the build as stopping, and say what the stop
     *     ends ({@link StopScope}) for the line to name it, and whether a task runs, for the line to quote the grace;
     *     empty when that is not known (the line then names the build, and quotes the grace in case a task runs).
     *     It runs on the signal's thread, so it must be quick. It replaces the action set before
     */
    void whenStopping(Supplier<Optional<StopScope>> action) {
        stopping = action;
    }

    /** @return the signal that interrupted the build ({@code INT}, {@code TERM} or {@code HUP}), if one did */
    Optional<String> received() {
        return Optional.ofNullable(received);
    }

    /** @return 128 plus the number of the signal received, as shells report a process a signal ended */
    int exitCode() {
        return 128 + SIGNALS.get(received);
    }

    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                // restoring is best effort; the process is about to exit anyway
            }
        });
    }

    /**
     * What a signal does: the first interrupts the build and says what it stops; the next, when within
     * {@value #REPEAT_WINDOW_MILLIS} ms of the first, is told as the first delivered twice (once: a request is
     * delivered twice at most, so a third signal is a person's); any other quits.
     *
     * @param signal the signal's name, {@code INT}, {@code TERM} or {@code HUP}
     * @param number its number
     * @param atNanos when it came, on {@link System#nanoTime()}'s clock
     * @param building the thread to interrupt
     * @param err where the lines go
     * @param halt ends the process with an exit code ({@link Runtime#halt} outside tests)
     */
    synchronized void caught(String signal, int number, long atNanos, Thread building, PrintWriter err,
            IntConsumer halt) {
        if (received != null) {
            if (!repeatTold && atNanos - receivedAtNanos < TimeUnit.MILLISECONDS.toNanos(REPEAT_WINDOW_MILLIS)) {
                repeatTold = true;
                // said, so that a person who pressed Ctrl-C twice quickly knows the process did not quit
                err.println(repeatedLine(signal, received));
                err.flush();
                return;
            }
            quit(signal, 128 + number, err, halt);
            return;
        }
        receivedAtNanos = atNanos;
        received = signal;
        err.println(stoppingLine(signal, inProgress()));
        err.flush();
        building.interrupt();
    }

    /**
     * What a second signal does: the {@linkplain #beforeQuitting(Runnable) clean-up}, on a thread of its own and for at
     * most {@value #QUIT_CLEAN_UP_MILLIS} ms, then the quitting line and the halt, whatever the clean-up did.
     *
     * @param signal the signal's name, {@code INT}, {@code TERM} or {@code HUP}
     * @param exitCode what the process exits with: 128 plus the signal's number
     * @param err where the quitting line goes
     * @param halt ends the process with the exit code ({@link Runtime#halt} outside tests)
     */
    void quit(String signal, int exitCode, PrintWriter err, IntConsumer halt) {
        try {
            // quitting at once is the one thing a second signal promises: the clean-up is cosmetic, so neither its
            // Error (JLine reports a terminal it cannot reach as an IOError) nor its blocking (on the view's locks,
            // on the terminal) may keep the process from halting
            Thread cleanUp = new Thread(beforeQuitting, "kart-quit-clean-up");
            cleanUp.setDaemon(true);
            // the default handler would print its stack trace, the very mess on the terminal the clean-up avoids
            cleanUp.setUncaughtExceptionHandler((thread, e) -> { });
            cleanUp.start();
            cleanUp.join(QUIT_CLEAN_UP_MILLIS);
        } catch (Throwable e) {
            // an interrupt, or no thread to be had: quit all the same
        } finally {
            err.println(quittingLine(signal));
            err.flush();
            halt.accept(exitCode);
        }
    }

    /** @return what the stop ends, when the action set by {@link #whenStopping} knows it */
    private Optional<StopScope> inProgress() {
        try {
            return stopping.get();
        } catch (RuntimeException e) {
            // the build must be stopped all the same: the line then names the build
            return Optional.empty();
        }
    }

    /**
     * @param signal the signal, {@code INT}, {@code TERM} or {@code HUP}
     * @param inProgress what the stop ends ({@link StopScope}): its text names it, and the grace is quoted only when a
     *     task runs; empty when not known, which names the build and quotes the grace
     * @return what the first signal makes kart say
     */
    String stoppingLine(String signal, Optional<StopScope> inProgress) {
        // a signal before the configuration is read, or while it is, names the grace without its value; with no task
        // running, nothing can be waited for
        boolean mayWait = inProgress.map(StopScope::tasksRunning).orElse(true);
        return "kart: SIG" + signal + ": stopping " + inProgress.map(StopScope::inProgress).orElse("the build")
                + "; releasing every lock this process holds (" + (mayWait ? "a task that does not stop on the interrupt"
                + " is waited for up to " + grace + "; " : "") + "send it again to quit at once)";
    }

    /**
     * @param signal the signal that came within {@value #REPEAT_WINDOW_MILLIS} ms of the first
     * @param first the first
     * @return what it makes kart say
     */
    static String repeatedLine(String signal, String first) {
        return "kart: SIG" + signal + (signal.equals(first) ? " again within 1s of the first" : " within 1s of SIG" + first)
                + ": taken as the same request delivered twice, the build is still stopping; send a signal again to quit"
                + " at once";
    }

    /** @return what a second signal makes kart say as it quits */
    String quittingLine(String signal) {
        String leases = endingLeases;
        return "kart: SIG" + signal + " again: quitting now; "
                + (leases != null ? leases : "leases still held expire after " + ttl);
    }
}
