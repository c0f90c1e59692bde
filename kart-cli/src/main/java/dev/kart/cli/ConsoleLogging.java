package dev.kart.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable jar's console logging, {@code logback-kart.xml}: tasks' log lines and kart's
 * warnings on stderr, which {@code kart run --quiet} turns down to warnings and errors; a logged
 * exception shows as its cause at the end of the line, or as its stack trace with {@code -v}. An
 * application that starts the command with {@link KartCommand#execute(String...)} keeps its own
 * logging: nothing here touches a configuration that is not kart's.
 */
final class ConsoleLogging {
    private static final String CONFIGURATION_PROPERTY = "logback.configurationFile";
    private static final String CONFIGURATION = "dev/kart/cli/logback-kart.xml";
    // logback is an optional dependency: its classes are touched only once the binding is known to be it
    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private ConsoleLogging() {
    }

    /** Makes logback read kart's configuration, unless {@code -Dlogback.configurationFile} names another. */
    static void useKartConfiguration() {
        if (System.getProperty(CONFIGURATION_PROPERTY) == null) {
            System.setProperty(CONFIGURATION_PROPERTY, CONFIGURATION);
        }
    }

    /** From now on only warnings and errors reach the console, when the console logging is kart's. */
    static void warningsOnly() {
        kartContext().ifPresent(context -> context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN));
    }

    /**
     * From now on a logged exception shows with its whole stack trace, causes included, rather than
     * as its cause at the end of the line, when the console logging is kart's ({@code -v}).
     */
    static void verbose() {
        kartContext().ifPresent(context -> context.putProperty(ConsoleCauseConverter.VERBOSE_PROPERTY, "true"));
    }

    private static Optional<LoggerContext> kartContext() {
        if (!CONFIGURATION.equals(System.getProperty(CONFIGURATION_PROPERTY))) {
            return Optional.empty();
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory.getClass().getName().equals(LOGBACK_CONTEXT) ? Optional.of((LoggerContext) factory)
                : Optional.empty();
    }
}
