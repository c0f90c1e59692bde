package dev.kart.core.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.core.fixtures.Runtimes;
import dev.kart.format.Format;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishPreparationTest {
    /** What {@link RecordingFormat#prepare} saw: the thread's name and the type, in order. */
    static final Queue<String> PREPARED = new ConcurrentLinkedQueue<>();
    static volatile boolean failPrepare;
    /** Counted down by a prepare, so a task's run() can wait until its output format was prepared. */
    static volatile CountDownLatch preparedSignal = new CountDownLatch(1);

    @TempDir
    Path workspace;

    /** Writes strings as UTF-8 under its own extension, and records every prepare call. */
    public static final class RecordingFormat implements Format {
        @Override
        public List<String> extensions() {
            return List.of("prepared");
        }

        @Override
        public void write(Object value, Type type, OutputStream out) throws IOException {
            out.write(((String) value).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Object read(InputStream in, Type type) throws IOException {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void prepare(Type type) {
            PREPARED.add(Thread.currentThread().getName() + " " + type.getTypeName());
            preparedSignal.countDown();
            if (failPrepare) {
                throw new IllegalStateException("prepare fails on purpose");
            }
        }
    }

    /** Waits in run() until its output format was prepared (or 60 s), then returns its word. */
    @OutputFormat("prepared")
    record Word(String word) implements Task<String> {
        @Override
        public String run(RunContext ctx) throws InterruptedException {
            preparedSignal.await(60, TimeUnit.SECONDS);
            return word;
        }
    }

    /** Requires several words: each is a task of the same output format and type. */
    @OutputFormat("prepared")
    record Words(List<String> words) implements Task<String> {
        @Override
        public List<Task<?>> requires() {
            return words.stream().<Task<?>>map(Word::new).toList();
        }

        @Override
        public String run(RunContext ctx) {
            StringBuilder joined = new StringBuilder();
            words.forEach(word -> joined.append(ctx.load(new Word(word))));
            return joined.toString();
        }
    }

    @BeforeEach
    void reset() {
        PREPARED.clear();
        failPrepare = false;
        preparedSignal = new CountDownLatch(1);
    }

    @Test
    void theOutputFormatIsPreparedOnceOnABackgroundThreadWhileTheFirstTaskRuns() {
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThat(kart.build(new Words(List.of("a", "b", "c")))).isEqualTo("abc");
        }
        // four tasks of one format and type: one prepare, made while the first Word waited for it in run()
        assertThat(PREPARED).containsExactly("kart-publish-preparation java.lang.String");
    }

    @Test
    void aFailingPrepareLeavesTheBuildToItsPublish() {
        failPrepare = true;
        try (Kart kart = Runtimes.kart(workspace)) {
            assertThat(kart.build(new Word("kept"))).isEqualTo("kept");
        }
        assertThat(PREPARED).hasSize(1);
        try (Kart kart = Runtimes.kart(workspace)) {
            // the second runtime finds the output: nothing runs, so nothing is prepared
            assertThat(kart.build(new Word("kept"))).isEqualTo("kept");
        }
        assertThat(PREPARED).hasSize(1);
    }
}
