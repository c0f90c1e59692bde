package dev.kart.core.internal.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kart.core.internal.cache.Publication;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader makes of every record kart wrote the value data binding made of it, and refuses what
 * data binding refused as well as the shapes no kart version wrote.
 */
class TaskInfoParserTest {
    private static final ObjectMapper BINDING = DataBinding.MAPPER;

    @Test
    void aRecordWithEveryFieldFilledReadsAsItWasWritten() throws IOException {
        TaskInfo record = TaskInfoWriter.filledRecord();

        TaskInfo read = parse(TaskInfoGenerator.toJson(record));

        assertThat(read).isEqualTo(BINDING.readValue(TaskInfoGenerator.toJson(record), TaskInfo.class));
        assertThat(read.attempts()).hasSize(2);
        assertThat(read.lock().fencingTokens()).containsExactly(1L, 2L);
        assertThat(read.publications()).extracting(Publication::path).containsExactly("x", "y");
    }

    @Test
    void absentValuesAndEmptyListsReadAsDataBindingReadThem() throws IOException {
        TaskInfo.Attempt running = new TaskInfo.Attempt(1, Instant.parse("2026-12-02T17:00:00.123456Z"), null, 0, "FAILED",
                null, null, null, 0, 0);
        TaskInfo record = new TaskInfo("pkg.Task", "Task(n=1)", "abc", Map.of(), "FAILED", List.of(running), null, null, 0,
                "host:1", "host", 1, 2, List.of(), new TaskInfo.LockActivity(false, null, 0, 0, List.of()), List.of());
        byte[] json = TaskInfoGenerator.toJson(record);

        assertThat(parse(json)).isEqualTo(record).isEqualTo(BINDING.readValue(json, TaskInfo.class));
    }

    @Test
    void parameterValuesReadAsTheTypesDataBindingGaveThem() throws IOException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("int", 7);
        parameters.put("long", Long.MAX_VALUE);
        parameters.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        parameters.put("double", 0.1);
        parameters.put("notANumber", Double.NaN);
        parameters.put("absent", null);
        parameters.put("nested", new ArrayList<>(List.of(Map.of("k", List.of(1, "two", false)))));
        Instant at = Instant.parse("2026-12-02T17:00:00Z");
        TaskInfo record = new TaskInfo("pkg.Task", "Task()", "abc", parameters, "DONE", List.of(), at, at, 0, "host:1",
                "host", 1, 1, List.of(new Publication("out/a.json", 3, at)),
                new TaskInfo.LockActivity(false, "DEFER", 0, 0, List.of()), List.of("a line"));
        byte[] json = TaskInfoGenerator.toJson(record);

        TaskInfo read = parse(json);

        assertThat(read).isEqualTo(BINDING.readValue(json, TaskInfo.class));
        assertThat(read.parameters().get("int")).isInstanceOf(Integer.class);
        assertThat(read.parameters().get("long")).isEqualTo(Long.MAX_VALUE);
        assertThat(read.parameters().get("bigInteger")).isInstanceOf(BigInteger.class);
        assertThat(read.parameters().get("nested")).isEqualTo(List.of(Map.of("k", List.of(1, "two", false))));
    }

    @Test
    void aRecordOfAnEarlierVersionLackingLaterFieldsAndOneOfALaterVersionWithMoreReadAsDataBindingReadThem()
            throws IOException {
        // no node, runtime, cause or log, one field this version does not know, and instants as numbers of seconds
        String json = """
                {"task":"books.BookReport","label":"BookReport(top=3)","uniqueId":"0a1b","parameters":{"top":3},
                 "state":"DONE","attempts":[{"number":1,"start":"2026-01-05T10:00:00Z","end":1767607201.25,
                 "durationMillis":1250,"outcome":"DONE","error":null,"stackTrace":null,"collisions":0,
                 "lockWaitMillis":0,"retriedBy":{"who":["x",1]}}],"start":1767607200,"end":"2026-01-05T10:00:01.250Z",
                 "durationMillis":1250,"host":"h","pid":42,"publications":[{"path":"books/r.json",
                 "fencingToken":7,"at":"2026-01-05T10:00:01Z"}],"lock":{"runLock":false,"policy":"DEFER","collisions":0,
                 "waitMillis":0,"fencingTokens":[]},"future":[{"a":null}]}""";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        TaskInfo read = parse(bytes);

        assertThat(read).isEqualTo(BINDING.readValue(bytes, TaskInfo.class));
        assertThat(read.attempts().get(0).end()).isEqualTo(Instant.parse("2026-01-05T10:00:01.250Z"));
        assertThat(read.start()).isEqualTo(Instant.parse("2026-01-05T10:00:00Z"));
        assertThat(read.runtime()).isZero();
        assertThat(read.node()).isNull();
        assertThat(read.log()).isNull();
    }

    @Test
    void aRecordCutShortAtAnyByteIsRefusedAsDataBindingRefusedIt() throws IOException {
        byte[] json = TaskInfoGenerator.toJson(TaskInfoWriter.filledRecord());

        for (int length = 0; length < json.length; length++) {
            byte[] cut = Arrays.copyOf(json, length);
            assertThatThrownBy(() -> parse(cut)).as("the first %d bytes", length).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> BINDING.readValue(cut, TaskInfo.class)).as("the first %d bytes", length)
                    .isInstanceOf(IOException.class);
        }
        assertThatThrownBy(() -> parse(new byte[0])).hasMessage("the file is empty, at line 1, column 1");
        byte[] cut = Arrays.copyOf(json, 200);
        assertThatThrownBy(() -> parse(cut)).isInstanceOf(IOException.class)
                .hasMessageEndingWith(", at line 1, column 201").hasMessageNotContaining("Source");
    }

    @Test
    void aRecordWithoutAFieldEveryVersionWroteIsRefusedNamingIt() throws IOException {
        String whole = new String(TaskInfoGenerator.toJson(TaskInfoWriter.filledRecord()), StandardCharsets.UTF_8);
        for (String field : List.of("task", "uniqueId", "state", "attempts", "host", "publications", "lock")) {
            String without = whole.replaceFirst("\"" + field + "\":", "\"was-" + field + "\":");
            assertThatThrownBy(() -> parse(without.getBytes(StandardCharsets.UTF_8))).as(field)
                    .isInstanceOf(IOException.class).hasMessageStartingWith("the record has no field '" + field + "'");
        }
        String nullState = whole.replace("\"state\":\"DONE\"", "\"state\":null");
        assertThatThrownBy(() -> parse(nullState.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("the record has no field 'state' (or it is null)");
        String noOutcome = whole.replace("\"outcome\":", "\"was-outcome\":");
        assertThatThrownBy(() -> parse(noOutcome.getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("the record has no field 'attempts[].outcome'");
    }

    @Test
    void aDocumentOfAnotherShapeIsRefusedNamingTheField() {
        assertThatThrownBy(() -> parse("[1, 2]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
                .hasMessage("the file holds an array, expected an object, at line 1, column 2");
        assertThatThrownBy(() -> parse("{\"attempts\": 5}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("field 'attempts'");
        assertThatThrownBy(() -> parse("{\"start\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("field 'start' holds 'yesterday'");
        assertThatThrownBy(() -> parse("{\"pid\": {}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("field 'pid'");
    }

    @Test
    void wholeNumbersGivenWithAFractionReadAsDataBindingReadThemAndNumbersOutOfRangeAreRefused() throws IOException {
        String whole = new String(TaskInfoGenerator.toJson(TaskInfoWriter.filledRecord()), StandardCharsets.UTF_8);
        byte[] fractions = whole.replace("\"pid\":1,", "\"pid\":42.0,").replace("\"number\":1,", "\"number\":1.9,")
                .getBytes(StandardCharsets.UTF_8);

        TaskInfo read = parse(fractions);

        assertThat(read).isEqualTo(BINDING.readValue(fractions, TaskInfo.class));
        assertThat(read.pid()).isEqualTo(42);
        assertThat(read.attempts().get(0).number()).isEqualTo(1);
        byte[] tooLarge = whole.replace("\"runtime\":1,", "\"runtime\":3e9,").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parse(tooLarge)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> BINDING.readValue(tooLarge, TaskInfo.class)).isInstanceOf(IOException.class);
        for (String start : List.of("99999999999999999", "1e17", "1e400", "-1e-400")) {
            byte[] never = whole.replaceFirst("\"start\":\"[^\"]*\"", "\"start\":" + start).getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> parse(never)).as(start).isInstanceOf(IOException.class)
                    .hasMessageContaining("field 'attempts[].start' holds '" + start + "', expected an ISO-8601 instant");
        }
        byte[] negative = whole.replaceFirst("\"start\":\"[^\"]*\"", "\"start\":-1.5").getBytes(StandardCharsets.UTF_8);
        assertThat(parse(negative).attempts().get(0).start()).isEqualTo(Instant.ofEpochSecond(-2, 500_000_000));
    }

    private static TaskInfo parse(byte[] json) throws IOException {
        return TaskInfoParser.parse(new ByteArrayInputStream(json));
    }
}
