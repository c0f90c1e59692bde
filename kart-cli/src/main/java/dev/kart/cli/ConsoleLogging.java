package dev.kart.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The runnable jar's console logging, {@link ConsoleConfigurator}: tasks' log lines and kart's
 * warnings on stderr, which {@code kart run --quiet} turns down to warnings and errors; a logged
 * exception shows as its cause at the end of the line, or as its stack trace with {@code -v}. An
 * application that starts the command with {@link KartCommand#execute(String...)} keeps its own
 * logging: nothing here touches a configuration that is not kart's.
 */
final class ConsoleLogging {
    private static final String CONFIGURATION_PROPERTY = "logback.configurationFile";

    // set before logback starts (main), read by ConsoleConfigurator when it does
    private static volatile boolean wanted;
    // logback is an optional dependency: held as Object so that this class loads without it
    private static volatile Object kartContext;

    private ConsoleLogging() {
    }

    /**
     * Makes {@link ConsoleConfigurator} configure logback when it starts, unless
     * {@code -Dlogback.configurationFile} names another configuration. Called before the first logger.
     */
    static void useKartConfiguration() {
        wanted = System.getProperty(CONFIGURATION_PROPERTY) == null;
    }

    /** Whether logback's configuration is to be kart's, for {@link ConsoleConfigurator}. */
    static boolean wanted() {
        return wanted;
    }

    /** Notes the logger context {@link ConsoleConfigurator} configured, which the options may change later. */
    static void configured(LoggerContext context) {
        kartContext = context;
    }

    /** From now on only warnings and errors reach the console, when the console logging is kart's. */
    static void warningsOnly() {
        kartContext().ifPresent(context -> context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN));
    }

    /**
     * From now on a logged exception shows with its whole stack trace, causes included, rather than
     * as its cause at the end of the line, when the console logging is kart's ({@code -v}).
     */
    static void verbose() {
        kartContext().ifPresent(context -> context.putProperty(ConsoleCauseConverter.VERBOSE_PROPERTY, "true"));
    }

    private static Optional<LoggerContext> kartContext() {
        if (!wanted) {
            return Optional.empty();
        }
        // starts logback if no logger did yet, which is when ConsoleConfigurator runs
        LoggerFactory.getILoggerFactory();
        Object context = kartContext;
        return context == null ? Optional.empty() : Optional.of((LoggerContext) context);
    }
}
