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
    private static final String PROVIDER_PROPERTY = "slf4j.provider";
    private static final String SLF4J_VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

    // set before logback starts (main), read when the options change the configuration
    private static volatile boolean wanted;
    // logback is an optional dependency: held as Object so that this class loads without it
    private static volatile Object kartContext;
    // --quiet was given: it wins over a level set later by -D
    private static volatile boolean quiet;

    private ConsoleLogging() {
    }

    /**
     * Makes SLF4J start logback through {@link ConsoleLoggingProvider}, with kart's configuration,
     * unless {@code -Dlogback.configurationFile} names another configuration or {@code -Dslf4j.provider}
     * another provider. Called before the first logger.
     */
    static void useKartConfiguration() {
        wanted = System.getProperty(CONFIGURATION_PROPERTY) == null && System.getProperty(PROVIDER_PROPERTY) == null;
        if (wanted) {
            System.setProperty(PROVIDER_PROPERTY, ConsoleLoggingProvider.class.getName());
            // SLF4J notes at INFO on stderr that it takes a named provider; its warnings and errors still show
            if (System.getProperty(SLF4J_VERBOSITY_PROPERTY) == null) {
                System.setProperty(SLF4J_VERBOSITY_PROPERTY, "WARN");
            }
        }
    }

    /** Notes the logger context {@link ConsoleConfigurator} configured, which the options may change later. */
    static void configured(LoggerContext context) {
        kartContext = context;
    }

    /** From now on only warnings and errors reach the console, when the console logging is kart's. */
    static void warningsOnly() {
        quiet = true;
        // the Redis clients' loggers too: JAVA_OPTS=-Dkart.log.level=DEBUG set them on their own
        kartContext().ifPresent(context -> ConsoleConfigurator.setLevel(context, Level.WARN));
    }

    /**
     * Sets the console's level as the system property {@code kart.log.level} does at start ({@code kart run
     * -D kart.log.level=DEBUG}), when the console logging is kart's; after {@link #warningsOnly()} nothing below
     * WARN is let through, as {@code --quiet} wins over {@code -D}.
     *
     * @param text a level's name, in any case; one that names no level is said on stderr and changes nothing
     */
    static void level(String text) {
        // an application's own logging (KartCommand.execute) may run without logback at all: nothing is read then
        kartContext().ifPresent(context -> {
            Level level = ConsoleConfigurator.level(text);
            if (level != null) {
                ConsoleConfigurator.setLevel(context, quiet && !level.isGreaterOrEqual(Level.WARN) ? Level.WARN : level);
            }
        });
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
