package dev.kart.cli.progress;

import dev.kart.core.BuildListener;
import dev.kart.core.RunLockWait;
import dev.kart.core.TaskRef;
import dev.kart.core.internal.config.DurationSetting;
import dev.kart.internal.text.DurationText;
import dev.kart.task.CollisionPolicy;
import java.io.PrintWriter;
import dev.kart.cli.text.InstantText;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code kart run} says of run-lock waits when no progress view is shown (standard output not a
 * terminal, or {@code --no-progress}): one line when a task starts to wait, naming the task, the lock
 * key and its holder, when the holder's lease expires unless renewed (a holder that was killed
 * renews no more, so the wait ends then at the latest) and when the wait gives up
 * ({@code kart.lock.wait-timeout}); and one line when the wait ends, or a parked task stopped
 * waiting because the build was interrupted. A wait is told of once however
 * often the holder renews its lease meanwhile. Without it such a wait, up to a killed holder's TTL
 * (180 s by default), shows nothing at all. Only a wait that lasts {@link #WORTH_TELLING} is told of,
 * and then its end: two nodes on one pipeline meet each other's locks often, mostly for milliseconds,
 * and a pair of lines for each is noise ({@code dev.kart.tasks} at DEBUG logs every wait). {@link #close() Closed}
 * when the build is over, it says nothing more, even of a wait whose second ran out after. Thread-safe.
 */
public final class LockWaitNotes implements BuildListener, AutoCloseable {
    /** How long a wait lasts before it is told of: one that ends sooner held nothing up a user would notice. */
    static final Duration WORTH_TELLING = Duration.ofSeconds(1);

    private final PrintWriter out;
    private final DurationSetting waitTimeout;
    private final Timer timer;
    private final Supplier<Instant> clock;
    private boolean closed;
    // the waits not over, by unique id: each with its last look, and whether it was told of
    private final Map<String, Note> waits = new HashMap<>();

    /** Runs an action once a delay has passed, on another thread. */
    interface Timer {
        /**
         * @param delay how long from now; positive
         * @param action what to run then
         */
        void after(Duration delay, Runnable action);
    }

    /** A wait not over yet. */
    private static final class Note {
        private RunLockWait wait;
        private boolean told;

        Note(RunLockWait wait) {
            this.wait = wait;
        }
    }

    /**
     * @param out where the lines go (the command's standard error)
     * @param waitTimeout {@code kart.lock.wait-timeout}, quoted as the user wrote it when a wait gives up after it
     */
    public LockWaitNotes(PrintWriter out, DurationSetting waitTimeout) {
        // the JDK's delayed executor runs on a daemon thread it shares: nothing to close after the build
        this(out, waitTimeout, (delay, action) -> CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS)
                .execute(action), Instant::now);
    }

    /**
     * @param out where the lines go
     * @param waitTimeout {@code kart.lock.wait-timeout}
     * @param timer tells a wait once it has lasted {@link #WORTH_TELLING}
     * @param clock the time now, which a wait's length is measured to
     */
    LockWaitNotes(PrintWriter out, DurationSetting waitTimeout, Timer timer, Supplier<Instant> clock) {
        this.out = Objects.requireNonNull(out, "out");
        this.waitTimeout = Objects.requireNonNull(waitTimeout, "waitTimeout");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The build is over (or threw): nothing more is said, not even by a timer still pending for a wait the build
     * never ended. Idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        waits.clear();
    }

    @Override
    public synchronized void taskWaitingForRunLock(RunLockWait wait) {
        if (closed) {
            return;
        }
        String id = wait.task().uniqueId();
        Note note = waits.get(id);
        if (note != null) {
            // a renewed lease or another look at the same wait: said once, with the last look when it is said
            if (!note.told) {
                note.wait = wait;
            }
            return;
        }
        Note started = new Note(wait);
        waits.put(id, started);
        Duration left = WORTH_TELLING.minus(Duration.between(wait.since(), clock.get()));
        if (left.isNegative() || left.isZero()) {
            tell(started);
        } else {
            timer.after(left, () -> tellIfWaiting(id, started));
        }
    }

    private synchronized void tellIfWaiting(String id, Note note) {
        // over meanwhile (removed), another wait of the task since, or the build is over (closed, waits cleared):
        // this one is not told of
        if (waits.get(id) == note && !note.told) {
            tell(note);
        }
    }

    private void tell(Note note) {
        note.told = true;
        out.println(started(note.wait));
        out.flush();
    }

    /** @return the wait of the task, when it was told of; it is over either way */
    private Optional<RunLockWait> told(TaskRef task) {
        Note note = waits.remove(task.uniqueId());
        return note != null && note.told ? Optional.of(note.wait) : Optional.empty();
    }

    @Override
    public synchronized void runLockWaitEnded(TaskRef task, boolean lockTaken) {
        RunLockWait wait = told(task).orElse(null);
        if (wait == null) {
            return;
        }
        // as `kart info` words it: a tenth of a second under a minute
        String waited = DurationText.of(Duration.between(wait.since(), clock.get()));
        if (lockTaken) {
            out.println("kart: " + task.label() + " got its run lock after " + waited + ".");
        } else if (wait.policy() == CollisionPolicy.DEFER) {
            out.println("kart: " + task.label() + ": its run lock looks free after " + waited
                    + "; it goes back to the workers.");
        } else {
            out.println("kart: " + task.label() + " stopped waiting for its run lock after " + waited
                    + ", without it.");
        }
        out.flush();
    }

    @Override
    public synchronized void runLockWaitStopped(TaskRef task) {
        RunLockWait wait = told(task).orElse(null);
        if (wait == null) {
            return;
        }
        // not "looks free": the other node may hold the lock still; this one is stopping
        out.println("kart: " + task.label() + " stopped waiting for its run lock after "
                + DurationText.of(Duration.between(wait.since(), clock.get())) + ", without it: the build was interrupted.");
        out.flush();
    }

    /** @return the line that says a wait started */
    String started(RunLockWait wait) {
        boolean deferred = wait.policy() == CollisionPolicy.DEFER;
        StringBuilder line = new StringBuilder("kart: ").append(wait.task().label())
                .append(deferred ? " is deferred until its run lock" : " waits for its run lock");
        wait.holder().ifPresent(holder -> line.append(' ').append(holder.lockKey()));
        if (deferred) {
            line.append(" is free");
        }
        if (wait.holder().isPresent()) {
            RunLockWait.Holder holder = wait.holder().get();
            if (!holder.known()) {
                // the backend's name for a holder it cannot tell (Redisson's raw lock field) means nothing to a user,
                // and token 0 is no token; mostly that node has not written its record yet, but one that died before
                // it could looks the same, so the line says what is seen, not which of the two it is
                line.append(", held by another node (not known which yet: it has not recorded itself, as happens just"
                        + " after a node takes the lock); its lease expires at ").append(InstantText.of(holder.leaseExpires()))
                        .append(" unless that node renews it (a killed holder does not)");
            } else {
                line.append(", held by ").append(holder.owner())
                        .append(" (fencing token ").append(holder.fencingToken()).append("); its lease expires at ")
                        .append(InstantText.of(holder.leaseExpires())).append(" unless ").append(holder.owner())
                        .append(" renews it (a killed holder does not)");
            }
        } else {
            line.append(", held by another node (not known which: it released meanwhile, or the lock backend"
                    + " could not say)");
        }
        wait.givesUpAt().ifPresent(limit -> line.append("; waits at most until ").append(InstantText.of(limit))
                .append(" (").append(waitTimeoutSetting(Duration.between(wait.since(), limit))).append(')'));
        return line.append('.').toString();
    }

    /**
     * @param waits how long the wait gives up after
     * @return {@code kart.lock.wait-timeout} as the user wrote it ({@code 60s}, not the {@code 1m} kart would write) when
     *     the wait is that long, as every wait of the policy is; else the wait's own length as a config file writes it
     */
    private String waitTimeoutSetting(Duration waits) {
        return waits.equals(waitTimeout.value()) ? waitTimeout.setting()
                : waitTimeout.key() + " = " + DurationText.configValue(waits);
    }
}
