package dev.kart.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * The line of a console log event in the runnable jar's console logging ({@link ConsoleConfigurator}):
 * what the pattern {@code %level %logger{0}: %msg%cause%n} prints ({@code INFO ReadBook: read
 * Persuasion}), the exception by {@link ConsoleCauseConverter}.
 *
 * <p>Written out rather than as that pattern because logback's {@code PatternLayout} links some 66
 * converter constructors when its class initialises and parses the pattern, on every command, a cached
 * {@code kart run} included, that may never log a line (docs/benchmarks.md).
 */
final class ConsoleLineLayout extends LayoutBase<ILoggingEvent> {
    private final ConsoleCauseConverter cause = new ConsoleCauseConverter();

    @Override
    public void start() {
        cause.setContext(getContext());
        cause.start();
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        cause.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String logger = event.getLoggerName();
        return event.getLevel() + " " + logger.substring(logger.lastIndexOf('.') + 1) + ": "
                + event.getFormattedMessage() + cause.convert(event) + CoreConstants.LINE_SEPARATOR;
    }
}
