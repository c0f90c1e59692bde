package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.cli.progress.StopScope;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SignalInterruptsTest {
    /** Once the configuration is read, a user pressing Ctrl-C learns how long the wait is, not only its key. */
    @Test
    void theCtrlCLinesQuoteTheGraceAndTheTtlWithTheirKeys() {
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(new StringWriter()))) {
            signals.settingsRead("kart.interrupt-grace = 10s", "kart.lock.ttl = 3m");

            assertThat(signals.stoppingLine("INT", Optional.of(new StopScope("1 running task", true))))
                    .isEqualTo("kart: SIGINT: stopping 1 running task; releasing every lock this process holds (a task that does not stop on the"
                    + " interrupt is waited for up to kart.interrupt-grace = 10s; send it again to quit at once)");
            assertThat(signals.quittingLine("INT"))
                    .isEqualTo("kart: SIGINT again: quitting now; leases still held expire after kart.lock.ttl = 3m");
        }
    }

    /** The in-memory backend's leases end with the process: no TTL is left to run out after it quits. */
    @Test
    void theSecondLineQuotesNoTtlForABackendWhoseLeasesEndWithTheProcess() {
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(new StringWriter()))) {
            signals.settingsReadLeasesEndingWithProcess("kart.interrupt-grace = 10s", "in-memory");

            assertThat(signals.stoppingLine("INT", Optional.empty()))
                    .contains("waited for up to kart.interrupt-grace = 10s;");
            assertThat(signals.quittingLine("INT"))
                    .isEqualTo("kart: SIGINT again: quitting now; the in-memory lock backend's leases end with this process");
        }
    }

    /** A signal while the configuration is still being read names the keys: their values are not known yet. */
    @Test
    void beforeTheConfigurationIsReadTheLinesNameTheKeys() {
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(new StringWriter()))) {
            assertThat(signals.stoppingLine("TERM", Optional.empty()))
                    .contains("waited for up to kart.interrupt-grace; send it again");
            assertThat(signals.quittingLine("TERM")).endsWith("leases still held expire after kart.lock.ttl");
        }
    }

    /**
     * Ctrl-C while no task runs (the only one waits to retry) says what it stops, not "the running tasks"; where
     * that is not known (no view followed the build) it names the build.
     */
    @Test
    void theFirstLineSaysWhatTheStopEnds() {
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(new StringWriter()))) {
            assertThat(signals.stoppingLine("INT", Optional.of(new StopScope("1 task waiting to retry", false))))
                    .isEqualTo("kart: SIGINT: stopping 1 task waiting to retry; releasing every lock this process"
                            + " holds (send it again to quit at once)");
            assertThat(signals.stoppingLine("INT", Optional.empty()))
                    .startsWith("kart: SIGINT: stopping the build; releasing every lock this process holds (");
        }
    }

    /**
     * A second signal right after the first, as GNU timeout's signal to the process and then to its group, or a quick
     * double Ctrl-C, does not quit: it is told as the first delivered twice, and the build goes on stopping. A third
     * one is a person's, however soon it comes, and quits.
     */
    @Test
    void aSignalRightAfterTheFirstIsToldAsItDeliveredTwiceAndTheNextQuits() throws InterruptedException {
        StringWriter err = new StringWriter();
        List<Integer> halted = new CopyOnWriteArrayList<>();
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Thread building = new Thread(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        building.start();
        long first = 5_000_000_000L;
        try (SignalInterrupts signals = SignalInterrupts.install(building, new PrintWriter(err))) {
            signals.caught("INT", 2, first, building, new PrintWriter(err), halted::add);
            signals.caught("INT", 2, first + TimeUnit.MILLISECONDS.toNanos(999), building, new PrintWriter(err), halted::add);

            assertThat(halted).as("not quit").isEmpty();
            assertThat(interrupted.await(60, TimeUnit.SECONDS)).as("the build interrupted").isTrue();
            assertThat(err.toString().lines()).hasSize(2).last().isEqualTo("kart: SIGINT again within 1s of the first:"
                    + " taken as the same request delivered twice, the build is still stopping; send a signal again to"
                    + " quit at once");

            signals.caught("INT", 2, first + TimeUnit.MILLISECONDS.toNanos(999), building, new PrintWriter(err),
                    halted::add);
            assertThat(halted).as("the third signal quits").containsExactly(130);
            assertThat(signals.exitCode()).isEqualTo(130);
        }
    }

    /** One signal after the window quits, with the shell's code for it; one of another kind within it names the first. */
    @Test
    void aSignalAfterTheWindowQuitsAndOneOfAnotherKindWithinItNamesTheFirst() {
        StringWriter err = new StringWriter();
        List<Integer> halted = new CopyOnWriteArrayList<>();
        Thread building = new Thread(() -> { });
        long first = 5_000_000_000L;
        try (SignalInterrupts late = SignalInterrupts.install(building, new PrintWriter(err))) {
            late.caught("INT", 2, first, building, new PrintWriter(err), halted::add);
            late.caught("TERM", 15, first + TimeUnit.MILLISECONDS.toNanos(SignalInterrupts.REPEAT_WINDOW_MILLIS), building,
                    new PrintWriter(err), halted::add);
            assertThat(halted).containsExactly(143);
        }
        StringWriter other = new StringWriter();
        try (SignalInterrupts soon = SignalInterrupts.install(building, new PrintWriter(other))) {
            soon.caught("INT", 2, first, building, new PrintWriter(other), halted::add);
            soon.caught("TERM", 15, first + 1, building, new PrintWriter(other), halted::add);
        }
        assertThat(halted).as("only the late one quit").containsExactly(143);
        assertThat(other.toString().lines()).last().asString().startsWith("kart: SIGTERM within 1s of SIGINT: taken as"
                + " the same request delivered twice");
    }

    /**
     * JLine reports a terminal it cannot reach as an {@link IOError}: a view that fails so as it is taken down
     * must not keep a second Ctrl-C from quitting, or the build waits out its grace after all.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSecondSignalQuitsWhenTakingTheViewDownFailsWithAnError() {
        StringWriter err = new StringWriter();
        List<Integer> halted = new CopyOnWriteArrayList<>();
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(err))) {
            signals.settingsRead("kart.interrupt-grace = 10s", "kart.lock.ttl = 3m");
            signals.beforeQuitting(() -> {
                throw new IOError(new IOException("stty: standard input: Interrupted system call"));
            });

            signals.quit("INT", 130, new PrintWriter(err), halted::add);

            assertThat(halted).containsExactly(130);
            assertThat(err.toString()).isEqualTo("kart: SIGINT again: quitting now; leases still held expire after"
                    + " kart.lock.ttl = 3m" + System.lineSeparator());
        }
    }

    /** A view that cannot be taken down (its terminal hangs) is left drawn: the second Ctrl-C quits regardless. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSecondSignalQuitsWhenTakingTheViewDownNeverEnds() {
        StringWriter err = new StringWriter();
        List<Integer> halted = new CopyOnWriteArrayList<>();
        CountDownLatch never = new CountDownLatch(1);
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(err))) {
            signals.beforeQuitting(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            signals.quit("TERM", 143, new PrintWriter(err), halted::add);

            assertThat(halted).containsExactly(143);
            assertThat(err.toString()).startsWith("kart: SIGTERM again: quitting now;");
        } finally {
            never.countDown();
        }
    }

    /** The clean-up done, the line follows it: the view is off the terminal before the last line is written. */
    @Test
    void aSecondSignalTakesTheViewDownBeforeItsLine() {
        StringWriter err = new StringWriter();
        List<Integer> halted = new CopyOnWriteArrayList<>();
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(err))) {
            signals.beforeQuitting(() -> err.write("view taken down" + System.lineSeparator()));

            signals.quit("INT", 130, new PrintWriter(err), halted::add);

            assertThat(err.toString()).startsWith("view taken down" + System.lineSeparator() + "kart: SIGINT again:");
            assertThat(halted).containsExactly(130);
        }
    }
}
