package dev.kart.core.internal.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import dev.kart.core.internal.cache.Publication;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a node reads of another node's record before replacing it: the writer, the state and the files published. */
class RecordHeaderTest {
    @Test
    void readsTheWriterStateAndPublicationsOfAWrittenRecord() throws IOException {
        byte[] json = TaskInfoGenerator.toJson(TaskInfoWriter.filledRecord());

        assertThat(RecordHeader.of(json)).contains(new RecordHeader("x", 1, 1, "DONE", Map.of("x", 1L, "y", 2L),
                Optional.of(Instant.EPOCH.toString())));
    }

    @Test
    void aRecordIsSupersededOnlyByAPublishOfEachOfItsFilesUnderALargerToken() {
        RecordHeader earlier = new RecordHeader("h", 1, 1, "DONE", Map.of("a.json", 10L, "a.extra.txt", 11L),
                Optional.empty());
        Instant at = Instant.EPOCH;

        assertThat(earlier.supersededBy(List.of(new Publication("a.json", 20, at), new Publication("a.extra.txt", 21, at))))
                .as("a rerun that published both again").isTrue();
        assertThat(earlier.supersededBy(List.of(new Publication("a.extra.txt", 21, at))))
                .as("a run that published the missing file and kept a.json").isFalse();
        assertThat(earlier.supersededBy(List.of(new Publication("a.json", 9, at), new Publication("a.extra.txt", 21, at))))
                .as("a publish of a.json under a smaller token, which the earlier one replaced after it").isFalse();
        assertThat(new RecordHeader("h", 1, 1, "DONE", Map.of(), Optional.empty()).supersededBy(List.of())).as("nothing of it stands")
                .isTrue();
    }

    @Test
    void aRecordEndedBeforeAnInstantOnlyWhenItSaysWhenItEnded() {
        byte[] json = ("{\"host\":\"h\",\"pid\":42,\"state\":\"FAILED\",\"attempts\":[{\"end\":\"2026-01-01T00:00:09Z\"}],"
                + "\"end\":\"2026-01-01T00:00:10Z\"}").getBytes(StandardCharsets.UTF_8);
        RecordHeader header = RecordHeader.of(json).orElseThrow();

        assertThat(header.end()).as("the record's end, not its attempt's").contains("2026-01-01T00:00:10Z");
        assertThat(header.endedBefore(Instant.parse("2026-01-01T00:00:11Z"))).isTrue();
        assertThat(header.endedBefore(Instant.parse("2026-01-01T00:00:10Z"))).isFalse();
        for (String end : new String[] {"", ",\"end\":null", ",\"end\":\"yesterday\"", ",\"end\":10"}) {
            RecordHeader without = RecordHeader.of(("{\"host\":\"h\",\"pid\":42,\"state\":\"FAILED\"" + end + "}")
                    .getBytes(StandardCharsets.UTF_8)).orElseThrow();
            assertThat(without.endedBefore(Instant.MAX)).as(end).isFalse();
        }
    }

    @Test
    void aRecordCutShortAnywhereHasNoHeader() throws IOException {
        byte[] json = TaskInfoGenerator.toJson(TaskInfoWriter.filledRecord());

        for (int length = 0; length < json.length; length++) {
            assertThat(RecordHeader.of(Arrays.copyOf(json, length))).as("the first %d of %d bytes", length, json.length)
                    .isEmpty();
        }
    }

    @Test
    void aRecordWrittenBeforeRuntimesWereNumberedIsTheFirstRuntimesOfItsProcess() {
        byte[] json = "{\"host\":\"h\",\"pid\":42,\"state\":\"FAILED\",\"attempts\":[{\"number\":1}]}"
                .getBytes(StandardCharsets.UTF_8);

        RecordHeader header = RecordHeader.of(json).orElseThrow();

        assertThat(header.writer()).isEqualTo(new NodeIdentity(new ProcessIdentity("h", 42), 1));
        assertThat(header.state()).isEqualTo("FAILED");
    }

    @Test
    void jsonThatNamesNoWriterIsNoRecord() {
        for (String json : new String[] {"", "[]", "{}", "{\"pid\":1}", "{\"host\":\"h\"}", "{\"host\":1,\"pid\":1}",
                "{\"host\":\"h\",\"pid\":\"1\"}", "not json"}) {
            assertThat(RecordHeader.of(json.getBytes(StandardCharsets.UTF_8))).as(json).isEmpty();
        }
    }
}
