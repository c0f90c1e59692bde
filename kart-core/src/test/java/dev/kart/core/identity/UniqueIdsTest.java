package dev.kart.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.internal.identity.UniqueIds;
import dev.kart.task.Insignificant;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Tests {@link UniqueIds}. It stays in the package where its golden values were computed, apart from
 * the class it tests: a task's id includes its class's binary name, and the names of the tasks
 * declared here are part of those values.
 */
class UniqueIdsTest {
    enum Color { RED, GREEN }

    record Source(String path, int version) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return path;
        }
    }

    record Everything(String text, boolean flag, int small, long big, double ratio, Color color, LocalDate day,
            LocalDateTime moment, Duration window, Path file, List<String> list, Set<Integer> set,
            Map<String, Long> map, Source source, List<Source> sources, @Insignificant int batchSize)
            implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return text;
        }
    }

    /** The same parameters as {@link Source}, declared in the opposite order. */
    record SourceReordered(int version, String path) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return path;
        }
    }

    record Chain(Chain previous, int step) implements Task<Integer> {
        @Override
        public Integer run(RunContext ctx) {
            return step;
        }
    }

    record Fan(List<Source> sources, Source main) implements Task<String> {
        @Override
        public String run(RunContext ctx) {
            return "";
        }
    }

    private static Everything everything(Map<String, Long> map, Set<Integer> set, int batchSize) {
        return new Everything("hello", true, 7, 9_000_000_000L, 0.25, Color.GREEN, LocalDate.of(2024, 1, 31),
                LocalDateTime.of(2024, 1, 31, 12, 30), Duration.ofMinutes(5), Path.of("data/in.csv"),
                List.of("a", "b"), set, map, new Source("x", 1), List.of(new Source("y", 2), new Source("z", 3)), batchSize);
    }

    // Golden values: these ids are part of kart's compatibility promise. A change here means every
    // user's cache is recomputed; it must be deliberate and announced.
    @Test
    void idsAreStableAcrossReleasesAndMachines() {
        assertThat(new UniqueIds().of(new Source("x", 1))).isEqualTo("f35bfc8e0ae4ec935545f7a65def0168");
        assertThat(new UniqueIds().of(everything(Map.of("k", 1L), Set.of(1, 2), 10)))
                .isEqualTo("f72250652e97947541bcbc6d078227ff");
    }

    @Test
    void theIdIsSha256OfTheDocumentedCanonicalForm() throws Exception {
        String form = Source.class.getName() + "\npath=s1:x\nversion=i1;\n";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(form.getBytes(StandardCharsets.UTF_8));

        assertThat(new UniqueIds().of(new Source("x", 1))).isEqualTo(HexFormat.of().formatHex(digest, 0, 16));
    }

    @Test
    void declarationOrderDoesNotMatterOnlyNamesAndValues() throws Exception {
        String reordered = new UniqueIds().of(new SourceReordered(1, "x"));
        String form = SourceReordered.class.getName() + "\npath=s1:x\nversion=i1;\n";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(form.getBytes(StandardCharsets.UTF_8));

        assertThat(reordered).isEqualTo(HexFormat.of().formatHex(digest, 0, 16));
    }

    @Test
    void setAndMapIterationOrderDoesNotMatter() {
        Map<String, Long> forward = new LinkedHashMap<>();
        forward.put("a", 1L);
        forward.put("b", 2L);
        Map<String, Long> backward = new TreeMap<>(java.util.Comparator.reverseOrder());
        backward.putAll(forward);
        Set<Integer> ascending = new LinkedHashSet<>(List.of(1, 2, 3));
        Set<Integer> descending = new LinkedHashSet<>(List.of(3, 2, 1));

        assertThat(new UniqueIds().of(everything(forward, ascending, 1)))
                .isEqualTo(new UniqueIds().of(everything(backward, descending, 1)));
    }

    @Test
    void insignificantParametersDoNotEnterTheId() {
        assertThat(new UniqueIds().of(everything(Map.of(), Set.of(), 1)))
                .isEqualTo(new UniqueIds().of(everything(Map.of(), Set.of(), 5000)));
    }

    @Test
    void everySignificantValueChangesTheId() {
        UniqueIds ids = new UniqueIds();
        assertThat(ids.of(new Source("x", 1))).isNotEqualTo(ids.of(new Source("x", 2)))
                .isNotEqualTo(ids.of(new Source("y", 1)));
        Everything base = everything(Map.of("k", 1L), Set.of(1), 1);
        Everything otherDependency = new Everything(base.text(), base.flag(), base.small(), base.big(), base.ratio(),
                base.color(), base.day(), base.moment(), base.window(), base.file(), base.list(), base.set(), base.map(),
                new Source("x", 2), base.sources(), base.batchSize());
        assertThat(ids.of(base)).isNotEqualTo(ids.of(otherDependency));
    }

    @Test
    void stringsCannotBeConfusedWithListsOrNumbers() {
        record Text(String value) implements Task<String> {
            @Override
            public String run(RunContext ctx) {
                return value;
            }
        }
        assertThat(new UniqueIds().of(new Text("1"))).isNotEqualTo(new UniqueIds().of(new Text("1;")));
        assertThat(new UniqueIds().of(new Text("a\nb=s1:c"))).isNotEqualTo(new UniqueIds().of(new Text("a")));
    }

    @Test
    void aTaskListedTwiceAndSharedByParametersHasTheIdItHasAlone() throws Exception {
        Source shared = new Source("x", 1);
        Source other = new Source("y", 2);
        UniqueIds ids = new UniqueIds();
        String fan = ids.of(new Fan(List.of(shared, other, shared), shared));

        String x = new UniqueIds().of(shared);
        String y = new UniqueIds().of(other);
        String form = Fan.class.getName() + "\nmain=t" + x + ";\nsources=[t" + x + ";t" + y + ";t" + x + ";]\n";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(form.getBytes(StandardCharsets.UTF_8));
        assertThat(fan).isEqualTo(HexFormat.of().formatHex(digest, 0, 16));
        assertThat(ids.of(shared)).isEqualTo(x);
        assertThat(ids.of(other)).isEqualTo(y);
    }

    @Test
    void deepChainsAreHashedWithoutExhaustingTheStack() {
        Chain chain = null;
        for (int step = 0; step < 50_000; step++) {
            chain = new Chain(chain, step);
        }
        assertThat(new UniqueIds().of(chain)).matches("[0-9a-f]{32}");
    }
}
