package dev.kart.examples.fencing;

import dev.kart.examples.books.Book;
import dev.kart.examples.books.CountWords;
import dev.kart.task.Default;
import dev.kart.task.Insignificant;
import dev.kart.task.RunContext;
import dev.kart.task.RunLease;
import dev.kart.task.RunWithLock;
import dev.kart.task.Task;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Publishes the most frequent words of one chapter to a table outside the workspace, in the row
 * {@code top-words/{book}/chapter-{n}} of {@code kart_fenced_writes}, with the fencing token of its
 * run lease: should this node pause past its lease while another node takes the task over, its late
 * write is refused instead of overwriting the newer one ({@link FencedStore}). The main output
 * records the write that was made.
 *
 * <p>Run it with the PostgreSQL driver on the class path, against a database where
 * {@link FencedStore#CREATE_TABLE} was run, with the password in the environment variable
 * {@code PGPASSWORD}: {@code kart run fencing.PublishTopWords --book=PERSUASION --chapter=2
 * --store=jdbc:postgresql://db.example:5432/reports?user=reports --classpath
 * kart-examples.jar:postgresql.jar}. docs/locks.md ("Run it yourself") has the commands, from
 * building the jars to a second run.
 *
 * @param book the book
 * @param chapter the chapter, from 1
 * @param top how many words the value lists
 * @param store the JDBC URL of the database holding {@code kart_fenced_writes}. Insignificant: it
 *     says how this node reaches the database, not what is published, and nodes that reach one
 *     database by different names must still share the task's run lock. It shows in task info and
 *     logs, so keep the password out of it: give it in {@code PGPASSWORD}
 */
@RunWithLock
public record PublishTopWords(Book book, @Default("1") int chapter, @Default("10") int top, @Insignificant String store)
        implements Task<FencedWrite> {

    private static final int MIN_LENGTH = 3;

    /** Checks the numbers. */
    public PublishTopWords {
        if (chapter < 1 || chapter > book.chapters()) {
            throw new IllegalArgumentException("chapter is " + chapter + ", expected 1 to " + book.chapters() + " for " + book);
        }
        if (top < 1) {
            throw new IllegalArgumentException("top is " + top + ", expected at least 1");
        }
    }

    /** @return the word counts this task publishes from */
    public CountWords counts() {
        return CountWords.of(book, chapter, MIN_LENGTH);
    }

    /** @return the row this task writes */
    public String resource() {
        return "top-words/" + book + "/chapter-" + chapter;
    }

    @Override
    public List<Task<?>> requires() {
        return List.of(counts());
    }

    @Override
    public FencedWrite run(RunContext ctx) throws Exception {
        RunLease lease = ctx.runLease().orElseThrow(() -> new IllegalStateException("PublishTopWords of "
                + resource() + " needs the fencing token of its run lease: keep @RunWithLock on it,"
                + " and no kart.tasks.\"" + getClass().getName() + "\".lock-run = false"));
        FencedWrite write = new FencedWrite(resource(), lease.fencingToken(), topWords(ctx.load(counts())));
        // The password comes from PGPASSWORD: the URL is a parameter, and task info records it.
        try (Connection connection = DriverManager.getConnection(store, StorePassword.connectionProperties(System.getenv()))) {
            // Refused (StaleFencingTokenException) when a newer holder of the run lock wrote first.
            new FencedStore(connection).write(write);
        }
        return write;
    }

    /**
     * @param counts occurrences by word
     * @return the {@code top} most frequent words, most frequent first (ties by word), one
     *     {@code word count} a line
     */
    String topWords(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining("\n"));
    }
}
