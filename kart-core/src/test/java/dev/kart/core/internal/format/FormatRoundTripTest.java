package dev.kart.core.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.format.Format;
import dev.kart.task.TypeRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FormatRoundTripTest {
    /** A row type for tables. */
    public record Row(String word, long count, double share, LocalDate seen, Kind kind) {
    }

    /** An enum column. */
    public enum Kind { NOUN, VERB }

    private static final FormatRegistry FORMATS = new FormatRegistry(
            List.of("java.lang.*", "java.util.*", "java.time.*"), FormatRoundTripTest.class.getClassLoader());

    static Stream<Arguments> values() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("alpha", 3L);
        counts.put("beta", 1L);
        List<Row> rows = List.of(new Row("a, \"quoted\"", 3, 0.5, LocalDate.of(2024, 2, 29), Kind.NOUN),
                new Row("tab\there", 1, 0.25, LocalDate.of(2023, 1, 1), Kind.VERB));
        Map<String, String> first = new LinkedHashMap<>();
        first.put("name", "x");
        first.put("value", "line\nbreak");
        List<Map<String, String>> maps = List.of(first, orderedMap("name", "y", "value", "2"));
        ArrayList<Object> serializable = new ArrayList<>(List.of("s", 1, 2L, LocalDate.of(2020, 5, 5), new HashMap<>(counts)));
        return Stream.of(
                Arguments.of("json", new TypeRef<Map<String, Long>>() { }.type(), counts),
                Arguments.of("json", new TypeRef<List<Row>>() { }.type(), rows),
                Arguments.of("json", Integer.class, 42),
                Arguments.of("txt", String.class, "héllo\nwörld\n"),
                Arguments.of("txt", new TypeRef<List<String>>() { }.type(), List.of("one", "", "three")),
                Arguments.of("bin", byte[].class, new byte[] {0, 1, (byte) 255, 10, 13}),
                Arguments.of("csv", new TypeRef<List<Row>>() { }.type(), rows),
                Arguments.of("tsv", new TypeRef<List<Row>>() { }.type(), rows),
                Arguments.of("csv", new TypeRef<List<Map<String, String>>>() { }.type(), maps),
                Arguments.of("tsv", new TypeRef<List<List<String>>>() { }.type(), List.of(List.of("a", "b"), List.of("c", ""))),
                Arguments.of("ser", new TypeRef<ArrayList<Object>>() { }.type(), serializable));
    }

    private static Map<String, String> orderedMap(String k1, String v1, String k2, String v2) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("values")
    void everyFormatReadsBackWhatItWrote(String extension, Type type, Object value) throws Exception {
        assertRoundTrip(FORMATS.forExtension(extension, "test"), type, value);
    }

    @ParameterizedTest(name = "{0}.gz {1}")
    @MethodSource("values")
    void everyFormatReadsBackWhatItWroteUnderGzip(String extension, Type type, Object value) throws Exception {
        Format gzip = FORMATS.forExtension(extension + ".gz", "test");
        assertThat(gzip.extensions()).containsExactly(extension + ".gz");
        assertRoundTrip(gzip, type, value);
    }

    private static void assertRoundTrip(Format format, Type type, Object value) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(value, type, out);
        Object read = format.read(new ByteArrayInputStream(out.toByteArray()), type);
        if (value instanceof byte[] bytes) {
            assertThat((byte[]) read).containsExactly(bytes);
        } else {
            assertThat(read).isEqualTo(value);
        }
    }
}
