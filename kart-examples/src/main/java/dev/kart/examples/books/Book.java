package dev.kart.examples.books;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The public-domain novels shipped with this module as class-path resources (Project Gutenberg
 * texts by way of the janeaustenr package; see the module's README). Each knows how many chapters it
 * has, so a pipeline can fan out over chapters when its graph is built, before any text is read.
 */
public enum Book {
    /** Jane Austen, 1813: 61 chapters. */
    PRIDE_AND_PREJUDICE("Pride and Prejudice", "pride-and-prejudice.txt", 61),
    /** Jane Austen, 1818: 24 chapters. */
    PERSUASION("Persuasion", "persuasion.txt", 24);

    private final String title;
    private final String resource;
    private final int chapters;

    Book(String title, String resource, int chapters) {
        this.title = title;
        this.resource = resource;
        this.chapters = chapters;
    }

    /** @return the book's title */
    public String title() {
        return title;
    }

    /** @return how many chapters the text has; {@link SplitChapters} checks it */
    public int chapters() {
        return chapters;
    }

    /**
     * @return the full text as shipped, lines separated by {@code \n}
     * @throws UncheckedIOException when the resource is missing from the class path or unreadable
     */
    public String text() {
        try (InputStream in = Book.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("resource " + resource + " of " + name()
                        + " is not on the class path next to " + Book.class.getName()));
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + resource + " of " + name(), e);
        }
    }
}
