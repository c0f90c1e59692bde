package dev.kart.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.List;
import java.util.Locale;

/**
 * The runnable jar's console logging, set up in code by {@link ConsoleLoggingProvider}: on stderr, so
 * that stdout holds only what the command prints (the summary, or the JSON report), one line per event
 * as {@code %level %logger{0}: %msg%cause%n} ({@code INFO ReadBook: read Persuasion}, by
 * {@link ConsoleLineLayout}), each line named once by its logger, the task's class, as luigi shows them.
 *
 * <p>Levels: everything at INFO and up; the Redis clients ({@code org.redisson}, {@code redis.clients},
 * {@code io.netty}) at WARN and up; {@code dev.kart.build}, the execution summary's logger, off (the command
 * prints the summary on stdout itself). The system property {@code kart.log.level} (such as {@code DEBUG}, in
 * any case, {@code WARNING} for {@code WARN}) sets all of them but the summary's; a value that names no level
 * is said on stderr and the defaults kept. Redisson's channel handlers ({@code org.redisson.client.handler}),
 * whose errors reach kart as a failed call's cause, and its lease renewal ({@code org.redisson.renewal}), whose
 * failure kart's own lease keeper warns of in its words, stay off unless that level is DEBUG or TRACE. A command's
 * {@code -D kart.log.level=...}, {@code kart run --quiet} and {@code -v} change the configuration later
 * ({@link ConsoleLogging}).
 *
 * <p>Used only in a JVM that {@link KartCommand#main(String[])} started without
 * {@code -Dlogback.configurationFile} or {@code -Dslf4j.provider}: otherwise logback's own
 * configurators read that file, or an application's {@code logback.xml}. In code rather than in XML
 * because logback's XML configurator (Joran, its model and the JDK's XML parser) costs about 450
 * classes and 0.05-0.1 CPU-s on every command (docs/benchmarks.md).
 */
final class ConsoleConfigurator {
    /** The system property that sets the level of every logger but the summary's, such as {@code DEBUG}. */
    static final String LEVEL_PROPERTY = "kart.log.level";
    private static final String[] REDIS_CLIENTS = {"org.redisson", "redis.clients", "io.netty"};
    /**
     * Redisson's loggers whose errors kart says in its own words, off unless DEBUG or TRACE is asked for: the decoder
     * and error handler of a connection, whose errors reach kart as a failed call's cause, and the lease renewal, whose
     * "Can't update locks" ERROR with a stack trace came before kart's own warning of the lease when Redis stopped.
     */
    private static final List<String> REDISSON_SAID_BY_KART = List.of("org.redisson.client.handler", "org.redisson.renewal");

    /** The console's level when {@link #LEVEL_PROPERTY} is not set, or names no level. */
    private static final Level DEFAULT_LEVEL = Level.INFO;
    private static final String LEVELS = "TRACE, DEBUG, INFO, WARN, ERROR, OFF";

    private ConsoleConfigurator() {
    }

    /**
     * The level {@link #LEVEL_PROPERTY} names, in any case, with Python's {@code WARNING} for {@code WARN}
     * (and logback's {@code ALL}); anything else is said on stderr in one line and names no level, where
     * logback's {@code Level.toLevel} took it for DEBUG.
     *
     * @param text the property's value
     * @return the level, or null when {@code text} names none
     */
    static Level level(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        Level level = switch (name) {
            case "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL" -> Level.toLevel(name);
            case "WARNING" -> Level.WARN;
            default -> null;
        };
        if (level == null) {
            System.err.println("kart: " + LEVEL_PROPERTY + " '" + text + "' is no log level (expected one of " + LEVELS
                    + "); using the default " + DEFAULT_LEVEL);
        }
        return level;
    }

    /**
     * Sets up kart's console logging in {@code context}, before it starts.
     *
     * @param context the logger context {@link ConsoleLoggingProvider} is starting
     */
    static void configure(LoggerContext context) {
        // as logback.xml's NopStatusListener: logback's own notes never reach the console
        NopStatusListener quiet = new NopStatusListener();
        context.getStatusManager().add(quiet);
        ConsoleLineLayout layout = new ConsoleLineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        String text = System.getProperty(LEVEL_PROPERTY);
        Level level = text == null ? null : level(text);
        context.getLogger("dev.kart.build").setLevel(Level.OFF);
        if (level == null) {
            for (String client : REDIS_CLIENTS) {
                context.getLogger(client).setLevel(Level.WARN);
            }
            // what kart says in its own words (REDISSON_SAID_BY_KART): a channel handler logs each reply it cannot
            // decode (an HTTP server on Redis's port: eight ERROR lines of Netty channel details) before the call
            // fails, and the renewal its failure before kart's lease keeper warns of the lease
            for (String saidByKart : REDISSON_SAID_BY_KART) {
                context.getLogger(saidByKart).setLevel(Level.OFF);
            }
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(DEFAULT_LEVEL);
        } else {
            setLevel(context, level);
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(stderr);
        ConsoleLogging.configured(context);
    }

    /**
     * Sets every logger's level but the summary's, as {@link #LEVEL_PROPERTY} does.
     *
     * @param context kart's console logging
     * @param level the level
     */
    static void setLevel(LoggerContext context, Level level) {
        for (String client : REDIS_CLIENTS) {
            context.getLogger(client).setLevel(level);
        }
        // off as by default, --quiet too; DEBUG or TRACE is asked for to see such details
        for (String saidByKart : REDISSON_SAID_BY_KART) {
            context.getLogger(saidByKart).setLevel(level.isGreaterOrEqual(Level.INFO) ? Level.OFF : null);
        }
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
    }
}
