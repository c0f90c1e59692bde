package dev.kart.core.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outputs of scalar types go through Jackson's streaming API, and nothing a user sees changes: the
 * bytes written, the values read, and what is refused, with which message, are data binding's.
 */
class ScalarJsonTest {
    private static final JsonFormat FORMAT = new JsonFormat();
    private static final JacksonJson BINDING = new JacksonJson();

    private static final Map<Type, List<Object>> VALUES = Map.of(
            Long.class, List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE),
            Integer.class, List.of(0, 42, Integer.MAX_VALUE, Integer.MIN_VALUE),
            Double.class, List.of(0.0, -0.0, 0.1, 1e300, 4.9e-324, Double.NaN, Double.POSITIVE_INFINITY),
            Boolean.class, List.of(true, false),
            String.class, List.of("", "text", "quote \" backslash \\ tab \t newline \n nul \0", "é 漢字 😀", "\u2028"));

    /** Files of every shape: the scalar kinds, coercions data binding refuses, special values, and corrupt files. */
    private static final List<String> FILES = List.of("42", " 42 \n", "-7", "42.0", "42.5", "4e2", "\"42\"", "\"NaN\"",
            "\"text\"", "true", "false", "\"true\"", "null", "", "  ", "[42]", "{\"a\":1}", "42 43", "42]", "1e400",
            "2147483648", "9223372036854775808", "0.1", "NaN", "01", "\"unterminated", "tru", "\"a\" \"b\"");

    @Test
    void scalarOutputsAreWrittenByteForByteAsDataBindingWritesThem() throws IOException {
        for (Map.Entry<Type, List<Object>> kind : VALUES.entrySet()) {
            for (Object value : kind.getValue()) {
                assertThat(written(value, kind.getKey())).as("%s %s", kind.getKey().getTypeName(), value)
                        .isEqualTo(writtenByBinding(value, kind.getKey()));
                assertThat(FORMAT.read(new ByteArrayInputStream(written(value, kind.getKey())), kind.getKey()))
                        .as("%s %s read back", kind.getKey().getTypeName(), value).isEqualTo(value);
            }
        }
    }

    @Test
    void everyFileReadsAsDataBindingReadsItOrIsRefusedWithItsMessage() {
        for (Type type : VALUES.keySet()) {
            for (String file : FILES) {
                byte[] content = file.getBytes(StandardCharsets.UTF_8);
                assertThat(outcome(() -> FORMAT.read(new ByteArrayInputStream(content), type)))
                        .as("%s from '%s'", type.getTypeName(), file)
                        .isEqualTo(outcome(() -> BINDING.read(new ByteArrayInputStream(content), type)));
            }
        }
    }

    @Test
    void aValueOfAnotherClassThanDeclaredIsLeftToDataBinding() {
        // a raw type can hand a task's Long output an Integer: data binding refuses it, as before
        assertThat(outcome(() -> written(7, Long.class))).startsWith("InvalidDefinitionException: Incompatible types")
                .isEqualTo(outcome(() -> writtenByBinding(7, Long.class)));
    }

    @Test
    void otherTypesAreNotScalars() {
        assertThat(ScalarJson.handles(long.class)).isFalse();
        assertThat(ScalarJson.handles(Number.class)).isFalse();
        assertThat(ScalarJson.handles(Object.class)).isFalse();
        assertThat(ScalarJson.handles(Long.class)).isTrue();
    }

    private static byte[] written(Object value, Type type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMAT.write(value, type, out);
        return out.toByteArray();
    }

    private static byte[] writtenByBinding(Object value, Type type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BINDING.write(value, type, out);
        return out.toByteArray();
    }

    private interface Read {
        Object value() throws IOException;
    }

    /** @return the value read, with its class, or the error's class and message */
    private static String outcome(Read read) {
        try {
            Object value = read.value();
            return value.getClass().getSimpleName() + " " + value;
        } catch (IOException | RuntimeException e) {
            // the messages name the source; data binding read a byte array here, the format its stream
            return e.getClass().getSimpleName() + ": " + e.getMessage().replaceAll("\\(byte\\[\\]\\)|\\(ByteArrayInputStream\\)", "SOURCE")
                    .replaceAll("REDACTED[^)]*\\)", "");
        }
    }
}
