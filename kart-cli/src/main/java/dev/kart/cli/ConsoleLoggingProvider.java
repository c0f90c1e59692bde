package dev.kart.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The runnable jar's SLF4J provider: logback with kart's console configuration
 * ({@link ConsoleConfigurator}) and nothing else. {@link KartCommand#main(String[])} names it in the
 * {@code slf4j.provider} system property, so SLF4J takes it without scanning the class path for
 * providers, and logback starts without its auto-configuration (the search for configurators and
 * configuration files, its version checks, its status notes): together about 4% of a cached
 * {@code kart run}'s CPU. It is deliberately not registered with {@link java.util.ServiceLoader}:
 * there, next to logback's own provider, SLF4J would find two.
 *
 * <p>Made by SLF4J, once per JVM, which calls {@link #initialize()} before anything else.
 */
public final class ConsoleLoggingProvider implements SLF4JServiceProvider {
    /** The SLF4J API version logback 1.5 declares, which this provider serves the same way. */
    private static final String REQUESTED_API_VERSION = "2.0.99";

    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    /** Made by SLF4J, from the {@code slf4j.provider} system property. */
    public ConsoleLoggingProvider() {
        // the state is made with the fields and set up by initialize()
    }

    /** Configures logback's context for the console and starts it, as logback's own provider does. */
    @Override
    public void initialize() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        ConsoleConfigurator.configure(context);
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return REQUESTED_API_VERSION;
    }
}
