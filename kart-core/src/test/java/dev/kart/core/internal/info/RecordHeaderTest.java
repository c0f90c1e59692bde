package dev.kart.core.internal.info;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What a node reads of another node's record before replacing it: the writer and the state. */
class RecordHeaderTest {
    @Test
    void readsTheWriterAndStateOfAWrittenRecord() throws IOException {
        byte[] json = TaskInfoGenerator.toJson(TaskInfoWriter.filledRecord());

        assertThat(RecordHeader.of(json)).contains(new RecordHeader("x", 1, 1, "DONE"));
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
