package dev.kart.core.internal.parameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.task.TypeRef;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParameterParserTest {
    enum Mode { FAST, SAFE }

    record Window(LocalDate from, int days) {
    }

    private static Object text(String value, Type type) {
        return ParameterParser.fromText(value, type, "parameter 'p' of task T");
    }

    @Test
    void parsesEverySupportedTypeFromText() {
        assertThat(text("hello", String.class)).isEqualTo("hello");
        assertThat(text("TRUE", boolean.class)).isEqualTo(true);
        assertThat(text(" 42 ", int.class)).isEqualTo(42);
        assertThat(text("9000000000", long.class)).isEqualTo(9_000_000_000L);
        assertThat(text("0.5", double.class)).isEqualTo(0.5);
        assertThat(text("safe", Mode.class)).isEqualTo(Mode.SAFE);
        assertThat(text("2024-02-29", LocalDate.class)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(text("2024-02-29T10:15", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 2, 29, 10, 15));
        assertThat(text("PT5M", Duration.class)).isEqualTo(Duration.ofMinutes(5));
        assertThat(text("90s", Duration.class)).isEqualTo(Duration.ofSeconds(90));
        assertThat(text("data/x.csv", Path.class)).isEqualTo(Path.of("data/x.csv"));
        assertThat(text("a, b,c", new TypeRef<List<String>>() { }.type())).isEqualTo(List.of("a", "b", "c"));
        assertThat(text("[1, 2, 2]", new TypeRef<Set<Integer>>() { }.type())).isEqualTo(Set.of(1, 2));
        assertThat(text("", new TypeRef<List<Integer>>() { }.type())).isEqualTo(List.of());
        assertThat(text("a=1,b=2", new TypeRef<Map<String, Long>>() { }.type())).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(text("{a: 1, b: 2}", new TypeRef<Map<String, Long>>() { }.type())).isEqualTo(Map.of("a", 1L, "b", 2L));
        assertThat(text("{from: \"2024-01-01\", days: 7}", Window.class)).isEqualTo(new Window(LocalDate.of(2024, 1, 1), 7));
    }

    @Test
    void convertsConfigValues() {
        Object fromConfig = ParameterParser.fromConfig(List.of(1, 2), new TypeRef<List<Long>>() { }.type(), "p");
        assertThat(fromConfig).isEqualTo(List.of(1L, 2L));
        assertThat(ParameterParser.fromConfig(3, double.class, "p")).isEqualTo(3.0);
        assertThat(ParameterParser.fromConfig("10m", Duration.class, "p")).isEqualTo(Duration.ofMinutes(10));
        assertThat(ParameterParser.fromConfig(Map.of("from", "2024-01-01", "days", 2), Window.class, "p"))
                .isEqualTo(new Window(LocalDate.of(2024, 1, 1), 2));
    }

    @Test
    void badValuesNameTheParameterTheValueAndTheExpectedType() {
        assertThatThrownBy(() -> text("many", int.class)).isInstanceOf(ParameterValueException.class)
                .hasMessageContaining("parameter 'p' of task T").hasMessageContaining("'many'")
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> text("2024-13-01", LocalDate.class)).hasMessageContaining("ISO date");
        assertThatThrownBy(() -> text("slow", Mode.class)).hasMessageContaining("[FAST, SAFE]");
        assertThatThrownBy(() -> text("yes", boolean.class)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> text("five minutes", Duration.class)).hasMessageContaining("5m");
        assertThatThrownBy(() -> ParameterParser.fromConfig(3_000_000_000L, int.class, "p"))
                .hasMessageContaining("whole number from");
        assertThatThrownBy(() -> ParameterParser.fromConfig(1.5, long.class, "p")).isInstanceOf(ParameterValueException.class);
        assertThatThrownBy(() -> ParameterParser.fromConfig(Map.of("from", "2024-01-01"), Window.class, "p"))
                .hasMessageContaining("missing component 'days'");
        assertThatThrownBy(() -> ParameterParser.fromConfig(Map.of("from", "2024-01-01", "days", "many"), Window.class,
                "parameter 'p' of task T")).hasMessageStartingWith("component 'days' of parameter 'p' of task T: 'many'");
    }

    @Test
    void aDurationWithoutAUnitIsRefusedSinceLuigiReadsItAsSecondsAndTypesafeConfigAsMilliseconds() {
        assertThatThrownBy(() -> text("30", Duration.class)).isInstanceOf(ParameterValueException.class)
                .hasMessageContaining("parameter 'p' of task T").hasMessageContaining("'30'")
                .hasMessageContaining("30s").hasMessageContaining("30ms");
        assertThatThrownBy(() -> ParameterParser.fromConfig(30, Duration.class, "p")).isInstanceOf(ParameterValueException.class)
                .hasMessageContaining("a unit");
        assertThatThrownBy(() -> text("1.5", Duration.class)).hasMessageContaining("a unit");
        for (String unitless : new String[] {"1e3", "2.5E4", "-30", "+5", ".5", "5.", "30\u00a0", "\ufeff30"}) {
            assertThatThrownBy(() -> text(unitless, Duration.class)).as(unitless).hasMessageContaining("a unit");
        }
        assertThatThrownBy(() -> ParameterParser.fromConfig(1.0E7, Duration.class, "p")).hasMessageContaining("a unit");
        assertThat(text("-0", Duration.class)).isEqualTo(Duration.ZERO);
        assertThat(text("0.0", Duration.class)).isEqualTo(Duration.ZERO);
        assertThat(text("0", Duration.class)).isEqualTo(Duration.ZERO);
        assertThat(text("30 s", Duration.class)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aWholeNumberBeyondTheTypesRangeIsOutOfRangeNotAnInvalidNumber() {
        assertThatThrownBy(() -> text("2147483648", int.class)).isInstanceOf(ParameterValueException.class)
                .hasMessage("parameter 'p' of task T: 2147483648 is out of range for int (expected a whole number"
                        + " from -2147483648 to 2147483647)");
        assertThatThrownBy(() -> text("-9223372036854775809", Long.class))
                .hasMessageContaining("is out of range for java.lang.Long (expected a whole number from"
                        + " -9223372036854775808 to 9223372036854775807)");
        assertThatThrownBy(() -> ParameterParser.fromConfig(3_000_000_000L, int.class, "p"))
                .hasMessageContaining("3000000000 is out of range for int");
        assertThatThrownBy(() -> ParameterParser.fromConfig(1e19, long.class, "p"))
                .hasMessageContaining("is out of range for long");
        assertThat(text("-2147483648", int.class)).isEqualTo(Integer.MIN_VALUE);
        assertThatThrownBy(() -> text("1.5", int.class)).hasMessageContaining("(expected a whole number)");
    }

    @Test
    void aMapKeyGivenTwiceIsRefusedNamingTheKey() {
        Type map = new TypeRef<Map<String, Integer>>() { }.type();
        assertThatThrownBy(() -> text("a=1,b=3,a=2", map)).isInstanceOf(ParameterValueException.class)
                .hasMessage("parameter 'p' of task T: key 'a' is given twice in 'a=1,b=3,a=2' ('a=1' and 'a=2');"
                        + " give each key of the map once");
        Type byMode = new TypeRef<Map<Mode, Integer>>() { }.type();
        assertThatThrownBy(() -> text("fast=1,FAST=2", byMode))
                .hasMessageContaining("the keys 'fast' and 'FAST' are the same key FAST of the map");
    }

    @Test
    void aMapValueThatDoesNotParseNamesItsKey() {
        Type map = new TypeRef<Map<String, Integer>>() { }.type();
        assertThatThrownBy(() -> text("a=1,b=x", map)).isInstanceOf(ParameterValueException.class)
                .hasMessage("key 'b' of parameter 'p' of task T: 'x' is not a valid java.lang.Integer (expected a whole number)");
    }
}
