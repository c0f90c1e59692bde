/**
 * The {@code kart} command ({@code run}, {@code tree}, {@code clean}, {@code locks}) and its runnable
 * jar. It works with kart-core's internals, which kart-core exports to it by name; lock backends
 * come through {@link java.util.ServiceLoader}, so it names none of them here.
 */
module dev.kart.cli {
    requires dev.kart.core;
    requires info.picocli;
    // the progress view: the terminal's size and whether it takes ANSI escapes
    requires org.jline.terminal;
    requires io.github.classgraph;
    requires com.fasterxml.jackson.core;
    requires jakarta.inject;
    // kart run --quiet turns the runnable jar's logback down, and -v its exceptions up to stack traces
    // (ConsoleCauseConverter); an application may bind SLF4J to another
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;
    requires org.slf4j;
    // sun.misc.Signal: Ctrl-C and SIGTERM stop a build and release its leases (SignalInterrupts)
    requires jdk.unsupported;

    exports dev.kart.cli;
    // the runnable jar's console logging (ConsoleLoggingProvider) is named to SLF4J by KartCommand.main,
    // not provided as a service: SLF4J would find it beside logback's own provider
    // Guice makes a command's Session (the commands build picocli's model in code: picocli reflects on none)
    opens dev.kart.cli to com.google.guice;
}
