package dev.kart.cli.clean;

import dev.kart.core.internal.cache.AtomicPublisher;
import dev.kart.core.internal.cache.Workspace;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
 * Finds what {@code kart clean} may delete in a workspace: cache files that no given root task
 * reaches, and temporary files of interrupted publishes older than a grace period. Only files named
 * like kart's own are considered ({@code {Task}_{32 hex digits}.{ext}} and
 * {@code .{name}.{random}.kart-tmp}); anything else in the workspace, symbolic links, and everything
 * under {@code log/} (task info) are left alone. A sweep may also be limited to some task families
 * (the root tasks' and their dependencies' classes), so that the outputs of other pipelines sharing
 * the workspace are kept. Reads only; deleting is the caller's, under the cache lock.
 */
public final class WorkspaceSweep {
    private static final Pattern CACHE_FILE = Pattern.compile("([^.].*)_[0-9a-f]{32}\\..+");

    private WorkspaceSweep() {
    }

    /**
     * A file that may be deleted.
     *
     * @param path its absolute path
     * @param size its size in bytes
     */
    public record Candidate(Path path, long size) {
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
     * The stem of a task family's cache files: {@code {workspace}/{package as dirs}/{TaskName}}, which
     * each of its files' names extends with {@code _{unique id}.{ext}}.
     *
     * @param output an output path of a task of the family, absolute
     * @param simpleName the family's class name without its package, as cache file names start
     * @return the stem
     */
    public static Path familyStem(Path output, String simpleName) {
        return output.toAbsolutePath().normalize().resolveSibling(simpleName);
    }

    /**
     * @param workspace the workspace root, absolute
     * @param reachable the absolute paths of every output the root tasks reach
     * @param families the {@linkplain #familyStem stems} of the task families whose files are
     *     considered; empty to consider every file named like kart's
     * @param tempGrace how old a temporary file must be to count as left over
     * @param now the time to measure ages against
     * @return what may be deleted, and counts of what is kept
     * @throws IOException when the workspace cannot be read
     */
    public static Plan plan(Path workspace, Set<Path> reachable, Optional<Set<Path>> families, Duration tempGrace,
            Instant now) throws IOException {
        Path root = workspace.toAbsolutePath().normalize();
        Path log = root.resolve(Workspace.LOG_DIRECTORY);
        List<Candidate> unreached = new ArrayList<>();
        List<Candidate> staleTemps = new ArrayList<>();
        int[] kept = new int[4];
        if (!Files.isDirectory(root)) {
            return new Plan(unreached, staleTemps, 0, 0, 0, 0);
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                return directory.equals(log) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                Optional<Path> published = AtomicPublisher.publishedPathOf(file);
                if (!attributes.isRegularFile()) {
                    kept[2]++;
                } else if (families.isPresent() && (published.isPresent() || isCacheFile(file))
                        && !ofFamilies(published.orElse(file), families.get())) {
                    kept[3]++;
                } else if (published.isPresent()) {
                    boolean stale = Duration.between(attributes.lastModifiedTime().toInstant(), now).compareTo(tempGrace) >= 0;
                    if (stale) {
                        staleTemps.add(new Candidate(file, attributes.size()));
                    } else {
                        kept[1]++;
                    }
                } else if (!isCacheFile(file)) {
                    kept[2]++;
                } else if (reachable.contains(file)) {
                    kept[0]++;
                } else {
                    unreached.add(new Candidate(file, attributes.size()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException error) throws IOException {
                if (error instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;  // removed meanwhile by a concurrent build
                }
                throw error;
            }
        });
        unreached.sort(Comparator.comparing(Candidate::path));
        staleTemps.sort(Comparator.comparing(Candidate::path));
        return new Plan(unreached, staleTemps, kept[0], kept[1], kept[2], kept[3]);
    }

    private static boolean isCacheFile(Path file) {
        return CACHE_FILE.matcher(file.getFileName().toString()).matches();
    }

    /** @return whether the file is named like a cache file of one of the families */
    private static boolean ofFamilies(Path file, Set<Path> families) {
        Matcher name = CACHE_FILE.matcher(file.getFileName().toString());
        return name.matches() && families.contains(file.resolveSibling(name.group(1)));
    }
}
