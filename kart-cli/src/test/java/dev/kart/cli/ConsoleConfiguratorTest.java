package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console logging's levels, as {@code kart.log.level} sets them. */
class ConsoleConfiguratorTest {
    private record Configured(Level root, Level redisson, String err, Level redissonRenewal) {
        /** The levels the assertions compare; the renewal's is asserted on its own. */
        Configured levels() {
            return new Configured(root, redisson, err, null);
        }
    }

    private static Configured configureWith(String level) {
        String before = System.getProperty(ConsoleConfigurator.LEVEL_PROPERTY);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        try {
            System.setProperty(ConsoleConfigurator.LEVEL_PROPERTY, level);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ConsoleConfigurator.configure(context);
            return new Configured(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel(),
                    context.getLogger("org.redisson").getLevel(), captured.toString(StandardCharsets.UTF_8),
                    context.getLogger("org.redisson.renewal.LockTask").getEffectiveLevel());
        } finally {
            System.setErr(err);
            if (before == null) {
                System.clearProperty(ConsoleConfigurator.LEVEL_PROPERTY);
            } else {
                System.setProperty(ConsoleConfigurator.LEVEL_PROPERTY, before);
            }
            ConsoleLogging.configured(null);
            context.stop();
        }
    }

    @Test
    void aLevelIsNamedInAnyCaseAndPythonsWarningIsWarn() {
        assertThat(configureWith("debug").levels()).isEqualTo(new Configured(Level.DEBUG, Level.DEBUG, "", null));
        assertThat(configureWith("Error").levels()).isEqualTo(new Configured(Level.ERROR, Level.ERROR, "", null));
        assertThat(configureWith("WARNING").levels()).isEqualTo(new Configured(Level.WARN, Level.WARN, "", null));
        assertThat(configureWith("warning").levels()).isEqualTo(new Configured(Level.WARN, Level.WARN, "", null));
    }

    @Test
    void aValueThatNamesNoLevelIsSaidAndTheDefaultsKeptInsteadOfDebug() {
        Configured bogus = configureWith("bogus");

        assertThat(bogus.root()).isEqualTo(Level.INFO);
        assertThat(bogus.redisson()).as("the Redis clients' own default").isEqualTo(Level.WARN);
        assertThat(bogus.err()).isEqualTo("kart: kart.log.level 'bogus' is no log level (expected one of TRACE, DEBUG,"
                + " INFO, WARN, ERROR, OFF); using the default INFO" + System.lineSeparator());
        assertThat(configureWith("").root()).isEqualTo(Level.INFO);
    }

    /**
     * Redisson's lease renewal logs an ERROR with a stack trace when Redis stops, before kart's own warning of the
     * lease says it in kart's words: off by default and at WARN, shown when DEBUG is asked for.
     */
    @Test
    void redissonsLeaseRenewalErrorsAreLeftToKartsWarningUnlessDebugIsAskedFor() {
        assertThat(configureWith("bogus").redissonRenewal()).as("by default").isEqualTo(Level.OFF);
        assertThat(configureWith("WARN").redissonRenewal()).isEqualTo(Level.OFF);
        assertThat(configureWith("DEBUG").redissonRenewal()).isEqualTo(Level.DEBUG);
    }
}
