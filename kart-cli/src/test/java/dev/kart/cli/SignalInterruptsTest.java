package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SignalInterruptsTest {
    /** Once the configuration is read, a user pressing Ctrl-C learns how long the wait is, not only its key. */
    @Test
    void theCtrlCLinesQuoteTheGraceAndTheTtlWithTheirKeys() {
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(new StringWriter()))) {
            signals.settingsRead("kart.interrupt-grace = 10s", "kart.lock.ttl = 3m");

            assertThat(signals.stoppingLine("INT")).isEqualTo("kart: SIGINT: stopping the running tasks and releasing"
                    + " their locks (a task that does not stop on the interrupt is waited for up to kart.interrupt-grace"
                    + " = 10s; send it again to quit at once)");
            assertThat(signals.quittingLine("INT"))
                    .isEqualTo("kart: SIGINT again: quitting now; leases still held expire after kart.lock.ttl = 3m");
        }
    }

    /** The in-memory backend's leases end with the process: no TTL is left to run out after it quits. */
    @Test
    void theSecondLineQuotesNoTtlForABackendWhoseLeasesEndWithTheProcess() {
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(new StringWriter()))) {
            signals.settingsReadLeasesEndingWithProcess("kart.interrupt-grace = 10s", "in-memory");

            assertThat(signals.stoppingLine("INT")).contains("waited for up to kart.interrupt-grace = 10s;");
            assertThat(signals.quittingLine("INT"))
                    .isEqualTo("kart: SIGINT again: quitting now; the in-memory lock backend's leases end with this process");
        }
    }

    /** A signal while the configuration is still being read names the keys: their values are not known yet. */
    @Test
    void beforeTheConfigurationIsReadTheLinesNameTheKeys() {
        try (SignalInterrupts signals = SignalInterrupts.install(Thread.currentThread(), new PrintWriter(new StringWriter()))) {
            assertThat(signals.stoppingLine("TERM")).contains("waited for up to kart.interrupt-grace; send it again");
            assertThat(signals.quittingLine("TERM")).endsWith("leases still held expire after kart.lock.ttl");
        }
    }
}
