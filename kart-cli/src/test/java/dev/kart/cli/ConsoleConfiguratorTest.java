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
    /** The levels of the root and Redisson's loggers, what was said on stderr, and Redisson's renewal's level. */
    private record Configured(Level root, Level redisson, String err, Level redissonRenewal) {
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
        assertThat(configureWith("debug")).extracting(Configured::root, Configured::redisson, Configured::err)
                .containsExactly(Level.DEBUG, Level.DEBUG, "");
        assertThat(configureWith("Error")).extracting(Configured::root, Configured::redisson, Configured::err)
                .containsExactly(Level.ERROR, Level.ERROR, "");
        assertThat(configureWith("WARNING")).extracting(Configured::root, Configured::redisson, Configured::err)
                .containsExactly(Level.WARN, Level.WARN, "");
        assertThat(configureWith("warning")).extracting(Configured::root, Configured::redisson, Configured::err)
                .containsExactly(Level.WARN, Level.WARN, "");
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
