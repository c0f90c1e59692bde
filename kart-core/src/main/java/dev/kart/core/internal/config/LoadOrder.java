package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which kart loads its config sources, as {@link FileOrder} puts a file's keys among those of the
 * others: application.conf, then the {@code --config} file, then the {@code -D} values. A file that a source
 * includes takes that source's place; one that several include, the first's. The parse does not say where a
 * file was included, so its keys come after or before the including file's own by the two files' names.
 */
final class LoadOrder {
    /** One source, or sources whose order does not matter: every file has the same rank. */
    static final LoadOrder NONE = new LoadOrder(List.of());

    private final List<Config> sources;
    /** The rank of each file a source's values were set in; made when first asked, on the way to an error. */
    private Map<String, Integer> ranks;

    private LoadOrder(List<Config> sources) {
        this.sources = sources;
    }

    /**
     * @param sources each source as parsed, before merging and resolving, in the order kart loads them
     * @return their order
     */
    static LoadOrder of(List<Config> sources) {
        return new LoadOrder(List.copyOf(sources));
    }

    /**
     * @param file a file as {@link FileOrder#file} names it
     * @return the place of the first source that set a value in it or in a file it includes; after every source's
     *     for a file none of them did (a reference.conf)
     */
    int rank(String file) {
        if (ranks == null) {
            Map<String, Integer> found = new HashMap<>();
            for (int rank = 0; rank < sources.size(); rank++) {
                collect(sources.get(rank).root(), rank, found);
            }
            ranks = found;
        }
        return ranks.getOrDefault(file, sources.size());
    }

    private static void collect(ConfigValue value, int rank, Map<String, Integer> found) {
        found.putIfAbsent(FileOrder.file(value.origin()), rank);
        if (value instanceof ConfigObject object) {
            try {
                for (ConfigValue child : object.values()) {
                    collect(child, rank, found);
                }
            } catch (ConfigException.NotResolved e) {
                // an object merged with a substitution: its own origin names the file it was written in
            }
        }
    }
}
