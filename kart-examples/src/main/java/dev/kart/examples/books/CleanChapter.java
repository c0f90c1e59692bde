package dev.kart.examples.books;

import dev.kart.task.Default;
import dev.kart.task.OutputFormat;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text of one chapter, cleaned for counting: lower case, italics markers ({@code _word_}) and
 * punctuation removed, apostrophes kept inside words ({@code don't}), one paragraph per line.
 *
 * @param chapters the book's chapters
 * @param chapter which chapter, from 1
 */
@OutputFormat("txt")
public record CleanChapter(SplitChapters chapters, @Default("1") int chapter) implements Task<String> {
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");
    private static final Pattern LOOSE_APOSTROPHE = Pattern.compile("(?<![\\p{L}\\p{N}])'|'(?![\\p{L}\\p{N}])");
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");

    /** Checks the chapter number. */
    public CleanChapter {
        if (chapter < 1) {
            throw new IllegalArgumentException("chapter " + chapter + " must be at least 1");
        }
    }

    @Override
    public String run(RunContext ctx) {
        List<Chapter> all = ctx.load(chapters);
        if (chapter > all.size()) {
            throw new IllegalArgumentException("chapter " + chapter + " does not exist: the book has " + all.size());
        }
        StringBuilder cleaned = new StringBuilder();
        for (String paragraph : PARAGRAPH_BREAK.split(all.get(chapter - 1).text())) {
            String line = clean(paragraph);
            if (!line.isEmpty()) {
                cleaned.append(line).append('\n');
            }
        }
        return cleaned.toString();
    }

    /**
     * @param text any text
     * @return its words in lower case, separated by single spaces
     */
    static String clean(String text) {
        String words = NOT_WORD.matcher(text.toLowerCase(Locale.ROOT).replace('\u2019', '\'')).replaceAll(" ");
        return LOOSE_APOSTROPHE.matcher(words).replaceAll(" ").strip().replaceAll(" +", " ");
    }
}
