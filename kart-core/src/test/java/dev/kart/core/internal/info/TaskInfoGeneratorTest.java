package dev.kart.core.internal.info;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kart.core.internal.cache.Publication;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generator writes the document Jackson's data binding writes of a record, which is how records are read. */
class TaskInfoGeneratorTest {
    private static final ObjectMapper BINDING = DataBinding.MAPPER;

    @Test
    void aRecordWithEveryFieldFilledIsWrittenAsDataBindingWritesIt() throws IOException {
        TaskInfo record = TaskInfoWriter.filledRecord();

        byte[] json = TaskInfoGenerator.toJson(record);

        assertThat(BINDING.readTree(json)).isEqualTo(BINDING.readTree(BINDING.writeValueAsBytes(record)));
    }

    @Test
    void aRecordWithAbsentValuesAndEmptyListsIsWrittenAsDataBindingWritesIt() throws IOException {
        TaskInfo.Attempt running = new TaskInfo.Attempt(1, Instant.parse("2026-12-02T17:00:00.123456Z"), null, 0, "FAILED",
                null, null, null, 0, 0);
        TaskInfo record = new TaskInfo("pkg.Task", "Task(n=1)", "abc", Map.of(), "FAILED", List.of(running), null, null, 0,
                "host:1", "host", 1, 2, List.of(), null, List.of());

        byte[] json = TaskInfoGenerator.toJson(record);

        assertThat(BINDING.readTree(json)).isEqualTo(BINDING.readTree(BINDING.writeValueAsBytes(record)));
        assertThat(BINDING.readValue(json, TaskInfo.class)).isEqualTo(record);
    }

    @Test
    void parameterValuesOfEveryKindOfNumberKeepTheirPrecision() throws IOException {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("short", (short) 7);
        parameters.put("byte", (byte) 8);
        parameters.put("long", Long.MAX_VALUE);
        parameters.put("float", 0.1f);
        parameters.put("double", 0.1);
        parameters.put("notANumber", Double.NaN);
        parameters.put("bigInteger", new BigInteger("123456789012345678901234567890"));
        parameters.put("bigDecimal", new BigDecimal("0.10000000000000000000000000001"));
        parameters.put("nested", new ArrayList<>(List.of(Map.of("k", List.of(1, "two", false)))));
        TaskInfo record = withParameters(parameters);

        byte[] json = TaskInfoGenerator.toJson(record);

        assertThat(BINDING.readTree(json)).isEqualTo(BINDING.readTree(BINDING.writeValueAsBytes(record)));
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"bigDecimal\":0.10000000000000000000000000001,")
                .contains("\"bigInteger\":123456789012345678901234567890,");
    }

    @Test
    void aParameterValueNoRecordHoldsIsRefusedNamingItsClass() {
        TaskInfo record = withParameters(Map.of("when", Instant.EPOCH));

        assertThatThrownBy(() -> TaskInfoGenerator.toJson(record)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.time.Instant");
    }

    private static TaskInfo withParameters(Map<String, Object> parameters) {
        Instant at = Instant.parse("2026-12-02T17:00:00Z");
        return new TaskInfo("pkg.Task", "Task()", "abc", parameters, "DONE", List.of(), at, at, 0, "host:1", "host", 1, 1,
                List.of(new Publication("out/a.json", 3, at)), new TaskInfo.LockActivity(false, "DEFER", 0, 0, List.of()),
                List.of());
    }
}
