package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleLineLayoutTest {
    private final LoggerContext context = new LoggerContext();
    private final ConsoleLineLayout layout = new ConsoleLineLayout();
    private final PatternLayout pattern = new PatternLayout();

    @BeforeEach
    void start() {
        Map<String, Supplier<DynamicConverter<?>>> rules = new HashMap<>();
        rules.put("cause", ConsoleCauseConverter::new);
        context.putObject(CoreConstants.PATTERN_RULE_REGISTRY_FOR_SUPPLIERS, rules);
        layout.setContext(context);
        layout.start();
        pattern.setContext(context);
        pattern.setPattern("%level %logger{0}: %msg%cause%n");
        pattern.start();
    }

    @AfterEach
    void stop() {
        layout.stop();
        pattern.stop();
        context.stop();
    }

    @Test
    void aLineReadsLevelTheLoggersSimpleNameAndTheMessage() {
        assertThat(layout.doLayout(event(Level.INFO, "dev.kart.examples.books.ReadBook", "read {}", null, "Persuasion")))
                .isEqualTo("INFO ReadBook: read Persuasion" + CoreConstants.LINE_SEPARATOR);
    }

    @Test
    void anExceptionEndsTheLineWithItsDeepestCause() {
        Exception failure = new IllegalStateException("renewal failed",
                new RuntimeException("wrapped", new ConnectException("Connection refused\nsecond line")));
        assertThat(layout.doLayout(event(Level.ERROR, "org.redisson.RenewalTask", "Can't update locks", failure)))
                .isEqualTo("ERROR RenewalTask: Can't update locks: ConnectException: Connection refused"
                        + CoreConstants.LINE_SEPARATOR);
    }

    /**
     * Redisson's own ERROR line carries its advice and the connection's state after the reason: the line keeps the
     * first words that fit, whole; a message only a little over the bound is kept whole, and one without spaces (an
     * encoded value) is cut where the bound falls.
     */
    @Test
    void aLongCauseIsCutBetweenWordsAndOneNearlyShortEnoughIsKeptWhole() {
        String redisson = "Unable to write command into connection! Check CPU usage of the JVM. Check that there are no"
                + " blocking invocations in async/reactive/rx listeners or subscribeOnElements method. Increase nettyThreads"
                + " and/or timeout settings. Try to define pingConnectionInterval setting. Node source: NodeSource [slot=0,"
                + " addr=null, redisClient=null, redirect=null, entry=null], connection: RedisConnection@1418183126";
        assertThat(layout.doLayout(event(Level.ERROR, "org.redisson.command.RedisExecutor", "failed",
                new IllegalStateException(redisson)))).isEqualTo("ERROR RedisExecutor: failed: IllegalStateException: Unable"
                        + " to write command into connection! Check CPU usage of the JVM. Check that there are no blocking"
                        + " invocations in async/reactive/rx listeners or subscribeOnElements method. Increase nettyThreads..."
                        + CoreConstants.LINE_SEPARATOR);

        String nearly = "w".repeat(5) + " word".repeat(41);
        assertThat(nearly).hasSizeGreaterThan(200);
        assertThat(layout.doLayout(event(Level.ERROR, "x.Y", "m", new RuntimeException(nearly))))
                .isEqualTo("ERROR Y: m: RuntimeException: " + nearly + CoreConstants.LINE_SEPARATOR);

        assertThat(layout.doLayout(event(Level.ERROR, "x.Y", "m", new RuntimeException("m".repeat(300)))))
                .isEqualTo("ERROR Y: m: RuntimeException: " + "m".repeat(200) + "..." + CoreConstants.LINE_SEPARATOR);
    }

    @Test
    void verboseShowsTheWholeStackTraceOnTheLinesAfter() {
        context.putProperty(ConsoleCauseConverter.VERBOSE_PROPERTY, "true");
        String line = layout.doLayout(event(Level.WARN, "Top", "failed", new IllegalStateException("outer",
                new ConnectException("refused"))));
        assertThat(line).startsWith("WARN Top: failed" + CoreConstants.LINE_SEPARATOR + "java.lang.IllegalStateException: outer")
                .contains("Caused by: java.net.ConnectException: refused").endsWith(CoreConstants.LINE_SEPARATOR);
    }

    @Test
    void everyLineIsWhatThePatternItReplacesPrints() {
        List<ILoggingEvent> events = List.of(
                event(Level.INFO, "dev.kart.examples.books.ReadBook", "read {} in {} ms", null, "Persuasion", 12),
                event(Level.DEBUG, "NoPackage", "", null),
                event(Level.WARN, "a.b.Trailing.", "ends in a dot", null),
                event(Level.ERROR, "io.netty.Bootstrap", "failed", new ConnectException(null)),
                event(Level.ERROR, "x.Y", "long", new RuntimeException("m".repeat(300))),
                event(Level.TRACE, "x.Y", "blank cause message", new RuntimeException("\n  \n  third line  ")));
        for (ILoggingEvent event : events) {
            assertThat(layout.doLayout(event)).isEqualTo(pattern.doLayout(event));
        }
        context.putProperty(ConsoleCauseConverter.VERBOSE_PROPERTY, "true");
        for (ILoggingEvent event : events) {
            assertThat(layout.doLayout(event)).isEqualTo(pattern.doLayout(event));
        }
    }

    private LoggingEvent event(Level level, String logger, String message, Throwable thrown, Object... arguments) {
        return new LoggingEvent(ConsoleLineLayoutTest.class.getName(), context.getLogger(logger), level, message,
                thrown, arguments);
    }
}
