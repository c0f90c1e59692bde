package dev.kart.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.core.BuildOptions;
import dev.kart.core.BuildReport;
import dev.kart.core.Kart;
import dev.kart.core.OutputLocation;
import dev.kart.core.TaskState;
import dev.kart.core.fixtures.MemoryStorageProvider;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import dev.kart.task.NamedOutput;
import dev.kart.task.RunContext;
import dev.kart.task.Task;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The runtime reaches its workspace through the storage SPI only: on a store with no files at all
 * ({@code memtest://}, found by its scheme through the ServiceLoader) a build publishes its outputs and
 * task info there, a later runtime finds the task complete and loads it, and removing it works.
 */
class WorkspaceStorageRuntimeTest {
    static final NamedOutput<List<String>> WORDS = NamedOutput.of("words", "json", new dev.kart.task.TypeRef<>() {
    });

    record Split(String text) implements Task<Integer> {
        @Override
        public List<NamedOutput<?>> namedOutputs() {
            return List.of(WORDS);
        }

        @Override
        public Integer run(RunContext ctx) {
            List<String> words = List.of(text.split(" "));
            ctx.dump(WORDS, words);
            return words.size();
        }
    }

    record Count(Split split) implements Task<Map<String, Integer>> {
        @Override
        public Map<String, Integer> run(RunContext ctx) {
            return Map.of("words", ctx.load(split));
        }
    }

    @Test
    void aBuildOnAStoreWithoutFilesPublishesOutputsAndTaskInfoThereAndALaterRuntimeLoadsThem() throws IOException {
        String name = UUID.randomUUID().toString();
        URI location = URI.create("memtest://" + name + "/");
        WorkspaceStorage store = MemoryStorageProvider.store(name);
        Count count = new Count(new Split("to be or not"));

        try (Kart kart = Kart.builder().workspace(location).build()) {
            assertThat(kart.build(count)).isEqualTo(Map.of("words", 4));
            assertThat(kart.workspaceLocation()).isEqualTo(location);
            assertThatThrownBy(kart::workspace).isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining(location.toString());
            assertThat(kart.outputs(count)).extracting(OutputLocation::uri).allSatisfy(uri ->
                    assertThat(uri.toString()).startsWith(location.toString()));
        }

        List<String> paths = store.list("").stream().map(StoredObject::path).toList();
        String prefix = "dev/kart/core/internal/cache/";
        assertThat(paths).filteredOn(path -> path.startsWith(prefix)).hasSize(3);
        assertThat(paths).filteredOn(path -> path.startsWith("log/" + prefix)).hasSize(2);
        assertThat(store.removeAbandonedStaging(java.time.Instant.now().plusSeconds(3600))).isEmpty();

        try (Kart later = Kart.builder().workspace(location).build()) {
            BuildReport<Map<String, Integer>> report = later.run(count, BuildOptions.defaults());
            assertThat(report.rootOutcome().state()).isEqualTo(TaskState.ALREADY_COMPLETE);
            assertThat(report.rootOutput()).contains(Map.of("words", 4));
            assertThat(later.load(count.split(), WORDS)).containsExactly("to", "be", "or", "not");
            assertThat(later.isComplete(count.split())).isTrue();

            assertThat(later.remove(count.split())).isEqualTo(2);

            assertThat(later.isComplete(count.split())).isFalse();
            assertThat(store.list(prefix).stream().map(StoredObject::path)).hasSize(1);
        }
    }
}
