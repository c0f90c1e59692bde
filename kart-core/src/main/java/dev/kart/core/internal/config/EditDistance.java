package dev.kart.core.internal.config;

import java.util.Collection;
import java.util.Optional;

/**
 * Edit distance with swaps of neighbouring characters (Damerau's, as optimal string alignment), for "did you
 * mean" hints on misspelt keys and task names.
 */
public final class EditDistance {
    private static final int FEWEST_FOR_SLIP = 2;

    private EditDistance() {
    }

    /**
     * @param typed a name as typed
     * @return the most edits a known name may be from it and still be taken for what it misspells: two,
     *     or a third of its length if more ({@code kart.workrs} for {@code kart.workers}, not
     *     {@code kart.lock})
     */
    public static int mostForSlip(String typed) {
        return Math.max(FEWEST_FOR_SLIP, typed.length() / 3);
    }

    /**
     * @param typed a name as typed
     * @param known the names it may misspell
     * @return the known name fewest edits from it, the first of them on a tie, if within
     *     {@link #mostForSlip}
     */
    public static Optional<String> nearest(String typed, Collection<String> known) {
        String nearest = null;
        int fewest = Integer.MAX_VALUE;
        for (String candidate : known) {
            int edits = between(candidate, typed);
            if (edits < fewest) {
                nearest = candidate;
                fewest = edits;
            }
        }
        return fewest <= mostForSlip(typed) ? Optional.ofNullable(nearest) : Optional.empty();
    }

    /**
     * @param a one string
     * @param b another
     * @return the number of single-character edits turning {@code a} into {@code b}, a swap of two
     *     neighbouring characters counting as one ({@code krat} is one edit from {@code kart}), as a hand
     *     slips; no character is edited twice (the optimal string alignment distance)
     */
    public static int between(String a, String b) {
        int[] beforePrevious = new int[b.length() + 1];
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                int edits = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    edits = Math.min(edits, beforePrevious[j - 2] + 1);
                }
                current[j] = edits;
            }
            int[] oldest = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = oldest;
        }
        return previous[b.length()];
    }
}
