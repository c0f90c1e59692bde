package dev.kart.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The last line of {@code kart clean} about what was (or, in a dry run, would be) removed: cache and
 * temporary files and a store's abandoned staging counted together, so that a run that removed only
 * staging (an unfinished multipart upload) never ends with "Nothing to clean.".
 */
final class CleanSummary {
    private CleanSummary() {
    }

    /**
     * @param delete whether files were deleted ({@code --delete}) or only listed
     * @param files how many cache and temporary files were listed
     * @param deleted how many of them were deleted ({@code --delete} only)
     * @param deletedSize their size, as shown
     * @param listedSize the size of all the files listed, as shown
     * @param staging how many abandoned staging items were removed ({@code --delete}) or listed
     * @return the line, without a line break
     */
    static String of(boolean delete, int files, int deleted, String deletedSize, String listedSize, int staging) {
        if (files == 0 && staging == 0) {
            return "Nothing to clean.";
        }
        List<String> parts = new ArrayList<>(2);
        if (delete) {
            if (files > 0) {
                parts.add("deleted " + deleted + " file" + (deleted == 1 ? "" : "s") + " (" + deletedSize + ")");
            }
            if (staging > 0) {
                parts.add("removed " + staging + " staging left by interrupted writes");
            }
            String done = String.join(" and ", parts);
            return Character.toUpperCase(done.charAt(0)) + done.substring(1) + ".";
        }
        if (files > 0) {
            parts.add("delete " + (files == 1 ? "this file" : "these " + files + " files") + " (" + listedSize + ")");
        }
        if (staging > 0) {
            parts.add("remove " + (staging == 1 ? "this staging" : "these " + staging + " staging"));
        }
        return "Dry run: nothing was deleted. Add --delete to " + String.join(" and ", parts) + ".";
    }
}
