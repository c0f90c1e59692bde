package dev.kart.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The logging of every benchmark JVM (scenarios and the node JVMs they start), set up in code and
 * found by logback through {@link java.util.ServiceLoader}: kart's log goes to stderr, warnings and
 * errors only, so that stdout carries only results and logging costs the same in every scenario. In
 * code rather than in a {@code logback.xml} because reading XML configuration (the JDK's XML parser
 * and logback's Joran) adds about 0.2 s to the start of every JVM on the benchmark machine, and the
 * multi-process scenarios time JVMs from launch to exit.
 */
public final class BenchLogging extends ContextAwareBase implements Configurator {
    /** Called by logback's service loading. */
    public BenchLogging() {
        // no state
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
