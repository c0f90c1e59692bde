package dev.kart.examples.books;

import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a book into its chapters at the {@code Chapter N} headings, dropping the front matter
 * before the first one and the closing {@code Finis}. Stored as gzip-compressed JSON.
 *
 * @param source the book's text
 */
@OutputFormat("json.gz")
public record SplitChapters(ReadBook source) implements Task<List<Chapter>> {
    private static final Pattern HEADING = Pattern.compile("(?i)chapter\\s+([0-9]+|[ivxlc]+)\\.?");
    private static final Pattern END = Pattern.compile("(?i)finis|the end");

    @Override
    public List<Chapter> run(RunContext ctx) {
        String text = ctx.load(source);
        List<Chapter> chapters = new ArrayList<>();
        String heading = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (HEADING.matcher(trimmed).matches() || END.matcher(trimmed).matches()) {
                if (heading != null) {
                    chapters.add(new Chapter(chapters.size() + 1, heading, body.toString().strip()));
                }
                heading = HEADING.matcher(trimmed).matches() ? trimmed : null;
                body.setLength(0);
            } else if (heading != null) {
                body.append(line).append('\n');
            }
        }
        if (heading != null) {
            chapters.add(new Chapter(chapters.size() + 1, heading, body.toString().strip()));
        }
        Book book = source.book();
        if (chapters.size() != book.chapters()) {
            throw new IllegalStateException(book + ": found " + chapters.size() + " chapter headings, expected "
                    + book.chapters() + " (Book." + book.name() + " declares the count the pipeline fans out over)");
        }
        ctx.log().info("{}: {} chapters", book.title(), chapters.size());
        return chapters;
    }
}
