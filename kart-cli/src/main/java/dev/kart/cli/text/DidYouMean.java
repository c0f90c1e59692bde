package dev.kart.cli.text;

import dev.kart.core.internal.config.EditDistance;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The "did you mean" hint of every {@code kart} command, for kart's options and task parameters alike:
 * the known name a mistyped one most likely stands for. A name is taken for a slip of the keyboard when,
 * ignoring case and leading dashes, it is one edit away (a character inserted, deleted or replaced; two
 * edits for names of six or more characters) or two neighbouring characters are swapped ({@code --tpo}
 * for {@code --top}), or a long option differs in letter case alone ({@code --N} for {@code --n}). Anything
 * further gets no hint: {@code --text} is not a misspelt {@code --set}, and other names of one character get
 * none at all; but {@link #hintOrSameFirstWord} also names those that start
 * with the same word ({@code --rerun-everything}: {@code --rerun-all}, and the others).
 */
public final class DidYouMean {
    private static final int LONG_NAME = 6;
    /** Shorter names are too easily one edit away from anything: {@code -t} is not a misspelt {@code -h}. */
    private static final int SHORTEST = 2;

    private DidYouMean() {
    }

    /**
     * @param typed what was typed, such as {@code --tpo}
     * @param known the names it may stand for, such as {@code --top} and {@code --workers}
     * @return the closest known name, if it is close enough; the first in {@code known} on a tie
     */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String wanted = bare(typed);
        // a long option's one-letter name (--n, a task's parameter) in the other case is taken for it
        boolean longOption = typed.startsWith("--");
        return known.stream()
                .filter(candidate -> (longOption && candidate.startsWith("--") && wanted.equals(bare(candidate)))
                        || isSlip(wanted, bare(candidate)))
                .min(Comparator.comparingInt(candidate -> EditDistance.between(wanted, bare(candidate))));
    }

    /**
     * @param typed what was typed
     * @param known the names it may stand for
     * @return {@code " (did you mean --top?)"}, or an empty string when no name is close enough
     */
    public static String hint(String typed, Collection<String> known) {
        return closest(typed, known).map(name -> " (did you mean " + name + "?)").orElse("");
    }

    /**
     * The hint for a name that is no slip of any known one but starts with the same word as some
     * ({@code --rerun-everything} for {@code --rerun-all}): those names, when the word has three
     * characters or more.
     *
     * @param typed what was typed, such as {@code --rerun-everything}
     * @param known the names it may stand for
     * @return {@code " (did you mean --top?)"} for a close name; else {@code " (did you mean one of --rerun,
     *     --rerun-all?)"} for names starting with the typed name's first word, sorted; else an
     *     empty string
     */
    public static String hintOrSameFirstWord(String typed, Collection<String> known) {
        String close = hint(typed, known);
        if (!close.isEmpty()) {
            return close;
        }
        String word = firstWord(bare(typed));
        if (word.length() < 3) {
            return "";
        }
        List<String> alike = known.stream().filter(name -> firstWord(bare(name)).equals(word)).sorted().toList();
        if (alike.isEmpty()) {
            return "";
        }
        return alike.size() == 1 ? " (did you mean " + alike.get(0) + "?)"
                : " (did you mean one of " + String.join(", ", alike) + "?)";
    }

    private static String firstWord(String bareName) {
        int dash = bareName.indexOf('-');
        return dash < 0 ? bareName : bareName.substring(0, dash);
    }

    private static boolean isSlip(String typed, String name) {
        if (typed.length() < SHORTEST || name.length() < SHORTEST) {
            return false;
        }
        int allowed = typed.length() >= LONG_NAME ? 2 : 1;
        return EditDistance.between(typed, name) <= allowed || swapsTwoNeighbours(typed, name);
    }

    private static boolean swapsTwoNeighbours(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        int first = 0;
        while (first < a.length() && a.charAt(first) == b.charAt(first)) {
            first++;
        }
        return first + 1 < a.length() && a.charAt(first) == b.charAt(first + 1) && a.charAt(first + 1) == b.charAt(first)
                && a.substring(first + 2).equals(b.substring(first + 2));
    }

    private static String bare(String name) {
        return name.replaceFirst("^-+", "").toLowerCase(Locale.ROOT);
    }
}
