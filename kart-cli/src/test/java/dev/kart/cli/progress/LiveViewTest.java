package dev.kart.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.Test;

class LiveViewTest {
    /**
     * A Ctrl-C also reaches the stty that JLine runs for the terminal's size, and JLine reports its failure as an
     * {@link IOError}: the view draws again at the next tick rather than stopping for the rest of the build.
     */
    @Test
    void aTickThatFailsWithAnIoErrorLeavesTheNextTickToDraw() throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        AtomicInteger frames = new AtomicInteger();
        try (ExternalTerminal terminal = new ExternalTerminal("test", "screen", InputStream.nullInputStream(), sent,
                StandardCharsets.UTF_8)) {
            terminal.setSize(new Size(60, 8));
            LiveView view = new LiveView(new TerminalWindow(terminal), width -> {
                if (frames.incrementAndGet() == 1) {
                    throw new IOError(new IOException("stty: standard input: Interrupted system call"));
                }
                return List.of("kart 0% (0:00:01) running 1");
            });

            view.tick();
            view.tick();

            assertThat(frames).hasValue(2);
            assertThat(sent.toString(StandardCharsets.UTF_8)).contains("kart 0% (0:00:01) running 1");
            view.takeDown();
        }
    }
}
