package dev.kart.core.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.format.Format;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonDurationsTest {
    /** A JSON output with a duration, beside a date. */
    public record Window(String sensor, Duration window, LocalDate day) {
    }

    private final Format json = new FormatRegistry(List.of("java.lang.*", "java.util.*", "java.time.*"),
            JsonDurationsTest.class.getClassLoader()).forExtension("json", "test");

    @Test
    void aDurationIsWrittenInIsoFormAsADateIs() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        json.write(new Window("a", Duration.ofMinutes(30), LocalDate.of(2024, 1, 31)), Window.class, out);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"sensor\":\"a\",\"window\":\"PT30M\",\"day\":\"2024-01-31\"}");
    }

    @Test
    void aDurationAnEarlierKartWroteAsSecondsStillReads() throws Exception {
        byte[] earlier = "{\"sensor\":\"a\",\"window\":1800.000000000,\"day\":\"2024-01-31\"}"
                .getBytes(StandardCharsets.UTF_8);

        Object read = json.read(new ByteArrayInputStream(earlier), Window.class);

        assertThat(read).isEqualTo(new Window("a", Duration.ofMinutes(30), LocalDate.of(2024, 1, 31)));
    }
}
