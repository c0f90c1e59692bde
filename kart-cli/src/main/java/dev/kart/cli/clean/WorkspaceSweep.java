package dev.kart.cli.clean;

import dev.kart.core.internal.cache.Workspace;
import dev.kart.core.internal.storage.LocalFileStorage;
import dev.kart.storage.StoredObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what {@code kart clean} may delete in a workspace, from what its storage lists: cache files
 * that no given root task reaches, and temporary files of interrupted publishes older than a grace
 * period. Only objects named like kart's own are considered ({@code {Task}_{32 hex digits}.{ext}} and
 * {@code .{name}.{random}.kart-tmp}); anything else in the workspace and everything under
 * {@code log/} (task info) are left alone. A sweep may also be limited to some task families (the root
 * tasks' and their dependencies' classes), so that the outputs of other pipelines sharing the
 * workspace are kept. Reads only; deleting is the caller's, under the cache lock.
 */
public final class WorkspaceSweep {
    private static final Pattern CACHE_FILE = Pattern.compile("([^.].*)_[0-9a-f]{32}\\..+");

    private WorkspaceSweep() {
    }

    /**
     * An object that may be deleted.
     *
     * @param path its relative path in the workspace
     * @param size its size in bytes
     */
    public record Candidate(String path, long size) {
    }

    /**
     * What a sweep found.
     *
     * @param unreached cache files no root reaches, by path
     * @param staleTemps temporary files older than the grace period, by path
     * @param reachedCount cache files some root reaches (kept)
     * @param youngTempCount temporary files within the grace period (kept: a publish may be under way)
     * @param otherCount files not named like kart's (kept)
     * @param otherFamilyCount cache and temporary files of task families the sweep was not asked to
     *     consider (kept)
     */
    public record Plan(List<Candidate> unreached, List<Candidate> staleTemps, int reachedCount, int youngTempCount,
            int otherCount, int otherFamilyCount) {
        /** Copies the lists. */
        public Plan {
            unreached = List.copyOf(unreached);
            staleTemps = List.copyOf(staleTemps);
        }

        /** @return the bytes the candidates take */
        public long bytes() {
            return unreached.stream().mapToLong(Candidate::size).sum() + staleTemps.stream().mapToLong(Candidate::size).sum();
        }
    }

    /**
     * The stem of a task family's cache files: {@code {package as dirs}/{TaskName}}, which each of its
     * files' names extends with {@code _{unique id}.{ext}}.
     *
     * @param output an output's relative path, of a task of the family
     * @param simpleName the family's class name without its package, as cache file names start
     * @return the stem
     */
    public static String familyStem(String output, String simpleName) {
        return output.substring(0, output.lastIndexOf('/') + 1) + simpleName;
    }

    /**
     * @param objects the workspace's published objects, as its storage lists them
     * @param temps its temporary files ({@link LocalFileStorage#listStaging()}, {@link LocalFileStorage#sweepListing}); empty for a store
     *     without them
     * @param reachable the relative paths of every output the root tasks reach
     * @param families the {@linkplain #familyStem stems} of the task families whose files are
     *     considered; empty to consider every file named like kart's
     * @param tempGrace how old a temporary file must be to count as left over
     * @param now the time to measure ages against
     * @return what may be deleted, and counts of what is kept
     */
    public static Plan plan(List<StoredObject> objects, List<StoredObject> temps, Set<String> reachable,
            Optional<Set<String>> families, Duration tempGrace, Instant now) {
        List<Candidate> unreached = new ArrayList<>();
        List<Candidate> staleTemps = new ArrayList<>();
        int[] kept = new int[4];
        for (StoredObject object : objects) {
            String path = object.path();
            if (Workspace.isTaskInfo(path)) {
                continue;
            }
            if (families.isPresent() && isCacheFile(path) && !ofFamilies(path, families.get())) {
                kept[3]++;
            } else if (!isCacheFile(path)) {
                kept[2]++;
            } else if (reachable.contains(path)) {
                kept[0]++;
            } else {
                unreached.add(new Candidate(path, object.size()));
            }
        }
        for (StoredObject temp : temps) {
            Optional<String> published = LocalFileStorage.publishedPathOf(temp.path());
            if (published.isEmpty() || Workspace.isTaskInfo(temp.path())) {
                continue;
            }
            if (families.isPresent() && !ofFamilies(published.get(), families.get())) {
                kept[3]++;
            } else if (Duration.between(temp.lastModified(), now).compareTo(tempGrace) >= 0) {
                staleTemps.add(new Candidate(temp.path(), temp.size()));
            } else {
                kept[1]++;
            }
        }
        unreached.sort(Comparator.comparing(Candidate::path));
        staleTemps.sort(Comparator.comparing(Candidate::path));
        return new Plan(unreached, staleTemps, kept[0], kept[1], kept[2], kept[3]);
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static boolean isCacheFile(String path) {
        return CACHE_FILE.matcher(name(path)).matches();
    }

    /** @return whether the path is named like a cache file of one of the families */
    private static boolean ofFamilies(String path, Set<String> families) {
        Matcher name = CACHE_FILE.matcher(name(path));
        return name.matches() && families.contains(path.substring(0, path.lastIndexOf('/') + 1) + name.group(1));
    }
}
