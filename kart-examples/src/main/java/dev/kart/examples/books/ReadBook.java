package dev.kart.examples.books;

import dev.kart.task.Default;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;

/**
 * Reads a book's raw text into the workspace, as a pipeline's first task would copy its source data.
 *
 * @param book which book
 */
@OutputFormat("txt")
public record ReadBook(@Default("PRIDE_AND_PREJUDICE") Book book) implements Task<String> {

    @Override
    public String run(RunContext ctx) {
        String text = book.text();
        ctx.log().info("read {}: {} characters, {} lines", book.title(), text.length(), text.lines().count());
        return text;
    }
}
