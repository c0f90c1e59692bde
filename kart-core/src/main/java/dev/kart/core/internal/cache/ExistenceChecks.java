package dev.kart.core.internal.cache;

import dev.kart.CacheReadException;
import dev.kart.core.internal.config.KartSettings;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Asks the workspace whether many cache files exist, on up to {@code kart.complete-check-threads}
 * threads at once (the calling one among them): how the graph walk checks the outputs of a wide
 * fan-in, as luigi calls {@code complete()} in several processes with {@code [core]
 * parallel_scheduling}. On a local disk each check is a {@code stat(2)} of a few microseconds of
 * CPU, which two threads on two cores do in half the time; on a network file system (a workspace
 * several machines share over NFS) or an object store each is a round trip, and the threads overlap
 * their waits ({@link FanOut}). Thread-safe.
 */
public final class ExistenceChecks {
    /** The fewest files asked about at once for which helper threads are woken. */
    public static final int PARALLEL_MIN_TARGETS = FanOut.LOCAL.minFiles();

    private final CacheStore store;
    private final FanOut checks;

    /**
     * @param store answers for one file
     * @param settings how many threads may check at once, {@code kart.complete-check-threads} (0: one
     *     per processor)
     */
    @Inject
    public ExistenceChecks(CacheStore store, KartSettings settings) {
        this.store = store;
        // 0 is luigi's default for parallel_scheduling_processes: one per processor
        int processors = Runtime.getRuntime().availableProcessors();
        this.checks = new FanOut(FanOut.threads(settings.completeCheckThreads(), processors), FanOut.LOCAL,
                "kart-existence-check-");
    }

    /**
     * @param targets cache files, in any directories
     * @return whether each exists, at its index in {@code targets}; each answer as of its own check,
     *     as {@link CacheStore#exists} gives it
     * @throws CacheReadException when the workspace cannot be asked about one of them (the failure
     *     of the first such file in {@code targets}' order among those asked; the remaining checks are abandoned)
     */
    public boolean[] exist(List<CacheTarget> targets) {
        boolean[] answers = new boolean[targets.size()];
        checks.forEach(targets.size(), index -> answers[index] = store.exists(targets.get(index)));
        return answers;
    }
}
