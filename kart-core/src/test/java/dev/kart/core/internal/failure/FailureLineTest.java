package dev.kart.core.internal.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.CacheWriteException;
import dev.kart.lock.LockException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Each failed task's line of the summary: one line, what to fix, nothing said twice. */
class FailureLineTest {
    @Test
    void aTasksOwnErrorShowsItsDeepestCauseThenWhatTheTaskSaid() {
        assertThat(FailureLine.of(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
        assertThat(FailureLine.of(new IllegalStateException("cannot write the report",
                new UncheckedIOException("writing report.csv", new IOException("disk quota exceeded")))))
                .isEqualTo("IOException: disk quota exceeded (cannot write the report)");
    }

    @Test
    void aWrapperThatRepeatsItsCauseIsNotRepeated() {
        assertThat(FailureLine.of(new RuntimeException(new IOException("disk quota exceeded"))))
                .isEqualTo("IOException: disk quota exceeded");
        assertThat(FailureLine.of(new RuntimeException(new NullPointerException())))
                .isEqualTo("NullPointerException");
    }

    /**
     * A task's "could not load input /x" around a NoSuchFileException whose message is "/x" says what the
     * cause says and more: its words stay on the line, with the cause's class, also beneath a wrapper that
     * only repeats it.
     */
    @Test
    void aTasksMessageThatQuotesItsCauseIsShownInsteadOfTheCauses() {
        UncheckedIOException wrapped = new UncheckedIOException("could not load input /tmp/x/data.csv",
                new NoSuchFileException("/tmp/x/data.csv"));

        assertThat(FailureLine.of(wrapped)).isEqualTo("NoSuchFileException: could not load input /tmp/x/data.csv");
        assertThat(FailureLine.of(new RuntimeException(wrapped)))
                .isEqualTo("NoSuchFileException: could not load input /tmp/x/data.csv");
        assertThat(FailureLine.of(new UncheckedIOException("/tmp/x/data.csv", new NoSuchFileException("/tmp/x/data.csv"))))
                .isEqualTo("NoSuchFileException: /tmp/x/data.csv");
    }

    /**
     * The task's words stand for the cause's only when they hold all of it as words: a cause's "closed" is not in
     * "closed_orders.csv", nor a long path in a line cut before its end. A wrapper without a message is passed
     * over for the task's words beneath it.
     */
    @Test
    void theCausesMessageIsKeptUnlessTheTasksWordsHoldAllOfIt() {
        assertThat(FailureLine.of(new IllegalStateException("cannot read closed_orders.csv", new IOException("closed"))))
                .isEqualTo("IOException: closed (cannot read closed_orders.csv)");
        String longPath = "/data/" + "d".repeat(190) + "/orders.csv";
        assertThat(FailureLine.of(new UncheckedIOException("could not load input " + longPath,
                new NoSuchFileException(longPath)))).startsWith("NoSuchFileException: /data/ddd");
        assertThat(FailureLine.of(new RuntimeException((String) null, new IllegalStateException("cannot parse row 7",
                new NumberFormatException("x7"))))).isEqualTo("NumberFormatException: x7 (cannot parse row 7)");
    }

    @Test
    void aLongOrMultiLineMessageKeepsItsFirstLineUpToTwoHundredCharacters() {
        String line = FailureLine.of(new IllegalArgumentException("x".repeat(500) + "\nsecond line"));

        assertThat(line).isEqualTo("IllegalArgumentException: " + "x".repeat(200) + "...");
    }

    /** kart's messages name the thing at fault and quote what a library said, cut short: said once. */
    @Test
    void kartsOwnErrorShowsItsWordsFirstAndTheCauseOnlyWhenNotQuotedAlready() {
        LockException quoting = new LockException("Redis lock backend (redisson): acquiring k failed: cannot reach Redis"
                + " at h:1 (kart.lock.redis.host/port): Unable to write command into connection",
                new IOException("Unable to write command into connection! Check CPU usage of the JVM, command: (EVALSHA,"
                        + " cached script: return redis.call('get', KEYS[1]))", new ClosedChannelException()));
        CacheWriteException notQuoting = new CacheWriteException("cannot write cache file /w/a.json of A",
                new IOException("No space left on device."));

        assertThat(FailureLine.of(quoting)).isEqualTo("LockException: " + quoting.getMessage());
        assertThat(FailureLine.of(notQuoting)).isEqualTo("CacheWriteException: cannot write cache file /w/a.json"
                + " of A: IOException: No space left on device.");
    }

    /**
     * Jedis says "Failed to connect to host:port." and keeps the socket's "Connection refused" as a
     * suppressed error, which kart's message quotes: the host is not named twice, the wrapper does not
     * follow its own cause, and no full stop is doubled.
     */
    @Test
    void kartsMessageThatQuotesASuppressedSocketErrorIsNotFollowedByTheClientLibrarysWrapper() {
        IOException jedis = new IOException("Failed to connect to 127.0.0.1:6398.");
        jedis.addSuppressed(new java.net.ConnectException("Connection refused"));
        LockException error = new LockException("Redis lock backend (jedis): acquiring k failed: cannot reach Redis at"
                + " 127.0.0.1:6398 (kart.lock.redis.host/port): Connection refused", new IllegalStateException(jedis));

        assertThat(FailureLine.of(error)).isEqualTo("LockException: " + error.getMessage());
    }
}
