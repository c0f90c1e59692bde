package dev.kart.cli;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;

/**
 * The exception of a console log line, {@code %cause} in the runnable jar's console logging
 * ({@link ConsoleConfigurator}): by default its deepest cause at the end of the same line ({@code :
 * ConnectException: Connection refused}); once {@code -v} turned on {@link ConsoleLogging#verbose()},
 * its whole stack trace, causes included, on the lines after. Client libraries (Redisson, Netty) log a stack trace for every
 * failed renewal or reconnect while Redis is down, which kart reports in its own words already.
 * Public so that a logback configuration of one's own ({@code -Dlogback.configurationFile}) may name
 * it in a {@code conversionRule}.
 */
public final class ConsoleCauseConverter extends ThrowableHandlingConverter {
    /** The logger context's property that {@link ConsoleLogging#verbose()} sets to {@code true}. */
    static final String VERBOSE_PROPERTY = "kart.console.verbose";
    /**
     * How much of a cause's message a line keeps: client libraries append the command with its whole Lua script, the
     * connection's state and their own advice, hundreds of characters that say nothing to a user of kart.
     */
    private static final int MESSAGE_CHARS = 200;
    /** A message at most this much longer is kept whole: cutting its last words would spare the line little. */
    private static final int SLACK_CHARS = 40;

    private final ThrowableProxyConverter traces = new ThrowableProxyConverter();

    /** Made by {@link ConsoleConfigurator}, or by logback from a configuration file. */
    public ConsoleCauseConverter() {
    }

    @Override
    public void start() {
        traces.setContext(getContext());
        traces.start();
        super.start();
    }

    @Override
    public void stop() {
        traces.stop();
        super.stop();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return "";
        }
        if ("true".equals(getContext().getProperty(VERBOSE_PROPERTY))) {
            String trace = traces.convert(event);
            // the pattern ends the line itself
            return CoreConstants.LINE_SEPARATOR + trace.stripTrailing();
        }
        IThrowableProxy root = thrown;
        for (int depth = 0; root.getCause() != null && depth < 100; depth++) {
            root = root.getCause();
        }
        String className = root.getClassName();
        String message = root.getMessage() == null ? "" : root.getMessage().lines().map(String::strip)
                .filter(line -> !line.isEmpty()).findFirst().orElse("");
        return ": " + className.substring(className.lastIndexOf('.') + 1) + (message.isEmpty() ? "" : ": " + cut(message));
    }

    /**
     * @param message the first line of a cause's message
     * @return it whole when it is short, or nearly; else its words that fit in {@link #MESSAGE_CHARS} and
     *     {@code ...}, cut inside a word only when its first half has no space (one long token, such as an encoded
     *     value)
     */
    private static String cut(String message) {
        if (message.length() <= MESSAGE_CHARS + SLACK_CHARS) {
            return message;
        }
        int space = message.lastIndexOf(' ', MESSAGE_CHARS);
        String kept = space > MESSAGE_CHARS / 2 ? message.substring(0, space) : message.substring(0, MESSAGE_CHARS);
        return kept.stripTrailing() + "...";
    }
}
