package dev.kart.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.function.Supplier;

/**
 * Standard output or error as it is when written to, not as it was when the command started: the
 * progress view of {@code kart run} puts streams of its own in place while a build runs, and what the
 * command prints meanwhile (the notice that Ctrl-C stops the build) goes through them, above the
 * view instead of over it. Thread-safe as the stream in place is.
 */
final class CurrentStandardStream extends OutputStream {
    private final Supplier<PrintStream> current;

    private CurrentStandardStream(Supplier<PrintStream> current) {
        this.current = current;
    }

    /** @return a writer to {@code System.out} as it is at each write, flushed at each line */
    static PrintWriter out() {
        return new PrintWriter(new CurrentStandardStream(() -> System.out), true, Charset.defaultCharset());
    }

    /** @return a writer to {@code System.err} as it is at each write, flushed at each line */
    static PrintWriter err() {
        return new PrintWriter(new CurrentStandardStream(() -> System.err), true, Charset.defaultCharset());
    }

    @Override
    public void write(int b) {
        current.get().write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        current.get().write(bytes, offset, length);
    }

    @Override
    public void flush() {
        current.get().flush();
    }
}
