package dev.kart.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlainJsonTest {
    @Test
    void writesWhatDataBindingWritesForTheSameValues() throws IOException {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "a \"quoted\" line\n");
        value.put("int", 7);
        value.put("long", 1_742_030_801_234_004L);
        value.put("double", 0.1);
        value.put("float", 0.1f);
        value.put("nan", Double.NaN);
        value.put("big", new BigDecimal("12345678901234567890.5"));
        value.put("huge", new BigInteger("123456789012345678901234567890"));
        value.put("flag", true);
        value.put("none", null);
        value.put("list", Arrays.asList(1, "two", null, List.of()));
        value.put("map", Map.of(3, "three"));

        assertThat(written(value)).isEqualTo(new ObjectMapper().writeValueAsString(value));
    }

    @Test
    void refusesAValueThatIsNoPlainJson() {
        assertThatThrownBy(() -> written(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a plain JSON value: java.lang.Object");
    }

    private static String written(Object value) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            PlainJson.write(json, value);
        }
        return text.toString();
    }
}
