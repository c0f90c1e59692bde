package dev.kart.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runnable jar's console logging, {@code logback-kart.xml}: tasks' log lines and kart's
 * warnings on stderr, which {@code kart run --quiet} turns down to warnings and errors. An
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
        if (!CONFIGURATION.equals(System.getProperty(CONFIGURATION_PROPERTY))) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory.getClass().getName().equals(LOGBACK_CONTEXT)) {
            ((LoggerContext) factory).getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }
}
