package dev.kart.core.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.TaskDefinitionException;
import dev.kart.config.KartConfigException;
import dev.kart.format.Format;
import dev.kart.task.TypeRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatErrorsTest {
    /** A row type for tables. */
    public record Row(String word, long count) {
    }

    private static final FormatRegistry FORMATS =
            new FormatRegistry(List.of("java.lang.*", "java.util.*"), FormatErrorsTest.class.getClassLoader());
    private static final Type COUNTS = new TypeRef<Map<String, Long>>() { }.type();
    private static final Type ROWS = new TypeRef<List<Row>>() { }.type();

    private static Object read(String extension, Type type, byte[] content) throws IOException {
        return FORMATS.forExtension(extension, "test").read(new ByteArrayInputStream(content), type);
    }

    private static byte[] write(String extension, Type type, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FORMATS.forExtension(extension, "test").write(value, type, out);
        return out.toByteArray();
    }

    @Test
    void jsonRefusesEmptyTruncatedCorruptAndForeignFiles() throws IOException {
        byte[] good = write("json", COUNTS, Map.of("a", 1L, "b", 2L));

        assertThatThrownBy(() -> read("json", COUNTS, new byte[0])).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("json", COUNTS, Arrays.copyOf(good, good.length - 3))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("json", COUNTS, "{\"a\": \"many\"}".getBytes())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("json", COUNTS, "{\"a\": 1} trailing".getBytes())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("json", ROWS, "[{\"word\":\"a\",\"count\":1,\"extra\":2}]".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("extra");
    }

    @Test
    void jsonReadsNoValueThroughACoercion() throws IOException {
        // a cache file kart wrote holds each value as its type: anything else is a corrupt or foreign file
        assertThatThrownBy(() -> read("json", Long.class, "42.5".getBytes())).isInstanceOf(IOException.class)
                .hasMessageContaining("Long");
        assertThatThrownBy(() -> read("json", Long.class, "\"42\"".getBytes())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("json", Boolean.class, "\"true\"".getBytes())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("json", ROWS, "[{\"word\":\"a\",\"count\":84.7}]".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("count");
        assertThatThrownBy(() -> read("json", ROWS, "[{\"word\":\"a\",\"count\":\"84\"}]".getBytes()))
                .isInstanceOf(IOException.class).hasMessageContaining("count");
        // how Jackson writes a double that is no number: text, read back as such
        assertThat(read("json", Double.class, write("json", Double.class, Double.NaN))).isEqualTo(Double.NaN);
        assertThat(read("json", Double.class, write("json", Double.class, Double.NEGATIVE_INFINITY)))
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(read("json", ROWS, "[{\"word\":\"a\",\"count\":84}]".getBytes())).isEqualTo(List.of(new Row("a", 84)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "tsv"})
    void tablesRefuseEmptyTruncatedAndForeignFiles(String extension) throws IOException {
        byte[] good = write(extension, ROWS, List.of(new Row("a", 1), new Row("b", 2)));
        String text = new String(good);

        assertThatThrownBy(() -> read(extension, ROWS, new byte[0])).isInstanceOf(IOException.class)
                .hasMessageContaining("empty");
        String truncated = text.substring(0, text.lastIndexOf(extension.equals("csv") ? ',' : '\t'));
        // rows are counted after the header, so the user finds the second row on the file's third line
        assertThatThrownBy(() -> read(extension, ROWS, truncated.getBytes())).isInstanceOf(IOException.class)
                .hasMessageContaining("row 2 after the header has 1 cells, expected 2");
        String otherHeader = text.replaceFirst("count", "total");
        assertThatThrownBy(() -> read(extension, ROWS, otherHeader.getBytes())).isInstanceOf(IOException.class)
                .hasMessageContaining("header");
        String badNumber = text.replace("2", "two");
        assertThatThrownBy(() -> read(extension, ROWS, badNumber.getBytes())).isInstanceOf(IOException.class)
                .hasMessageContaining("row 2 after the header, column 'count'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json.gz", "txt.gz", "csv.gz"})
    void gzipRefusesTruncatedAndCorruptFiles(String extension) throws IOException {
        Type type = extension.startsWith("txt") ? String.class : extension.startsWith("csv") ? ROWS : COUNTS;
        Object value = extension.startsWith("txt") ? "text ".repeat(100) : extension.startsWith("csv")
                ? List.of(new Row("a", 1)) : Map.of("a", 1L);
        byte[] good = write(extension, type, value);

        assertThatThrownBy(() -> read(extension, type, Arrays.copyOf(good, good.length / 2))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read(extension, type, "not gzip at all".getBytes())).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read(extension, type, new byte[0])).isInstanceOf(IOException.class);
    }

    @Test
    void formatsNameWhatTheyCanWriteWhenGivenSomethingElse() {
        assertThatThrownBy(() -> write("txt", Integer.class, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("txt stores String or List<String>");
        assertThatThrownBy(() -> write("csv", COUNTS, Map.of("a", 1L))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("csv stores List<R>");
        assertThatThrownBy(() -> write("bin", String.class, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bin stores byte[]");
        assertThatThrownBy(() -> write("ser", Object.class, new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Serializable");
    }

    /** A row with a component no table cell can hold. */
    public record Nested(String word, List<String> synonyms) {
    }

    /** A final class that is not Serializable. */
    public record NotSerializable(String word) {
    }

    /** A row with a component no cell's text is read back into. */
    public record Unparsable(String word, java.util.Optional<String> note) {
    }

    /** A Serializable record, outside the test registry's allow-list. */
    public record Kept(String word) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void formatsCheckADeclaredTypeAsTheirWritesDo() {
        Type lines = new TypeRef<List<String>>() { }.type();
        for (String extension : List.of("txt", "txt.gz")) {
            Format text = FORMATS.forExtension(extension, "test");
            text.checkType(String.class);
            text.checkType(lines);
            assertThatThrownBy(() -> text.checkType(Long.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("txt stores String or List<String>, not java.lang.Long; use json, csv or ser for other types");
        }
        FORMATS.forExtension("bin", "test").checkType(byte[].class);
        assertThatThrownBy(() -> FORMATS.forExtension("bin", "test").checkType(String.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bin stores byte[], not java.lang.String");
        for (String extension : List.of("csv", "tsv.gz")) {
            Format table = FORMATS.forExtension(extension, "test");
            table.checkType(ROWS);
            table.checkType(new TypeRef<List<Map<String, String>>>() { }.type());
            table.checkType(new TypeRef<List<List<String>>>() { }.type());
            assertThatThrownBy(() -> table.checkType(COUNTS)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("stores List<R> with R a record");
            for (Type unreadable : List.of(new TypeRef<List<Map<String, Long>>>() { }.type(),
                    new TypeRef<List<Map<String, Object>>>() { }.type(), new TypeRef<List<List<Integer>>>() { }.type())) {
                assertThatThrownBy(() -> table.checkType(unreadable)).as("cells read back as text into %s", unreadable)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stores List<R> with R a record");
            }
            assertThatThrownBy(() -> table.checkType(new TypeRef<List<Nested>>() { }.type()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll("the component 'synonyms' of " + Nested.class.getName(),
                            "is a java.util.List<java.lang.String>; use json for other types");
            assertThatThrownBy(() -> table.checkType(new TypeRef<List<Unparsable>>() { }.type()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the component 'note' of " + Unparsable.class.getName()
                            + " is a java.util.Optional<java.lang.String>");
        }
        Format ser = FORMATS.forExtension("ser", "test");
        ser.checkType(lines);
        ser.checkType(Object.class);
        ser.checkType(String[].class);
        ser.checkType(int[].class);
        ser.checkType(Long.class);
        for (Type unwritable : List.of(NotSerializable.class, NotSerializable[].class,
                new TypeRef<List<NotSerializable>>() { }.type())) {
            assertThatThrownBy(() -> ser.checkType(unwritable)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("ser stores Serializable values, and " + NotSerializable.class.getName() + " is not Serializable");
        }
        assertThatThrownBy(() -> ser.checkType(new TypeRef<Map<String, Kept>>() { }.type()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ser reads back only the classes kart.formats.java.allow allows (java.lang.*, java.util.*), and "
                        + Kept.class.getName() + " is not one of them: a file of it could be written but never read; add it,"
                        + " or its package as dev.kart.core.internal.format.*, to kart.formats.java.allow");
        new FormatRegistry(List.of("java.lang.*", "java.util.*", "dev.kart.core.internal.format.*"),
                FormatErrorsTest.class.getClassLoader()).forExtension("ser", "test").checkType(new TypeRef<Map<String, Kept>>() { }.type());
        FORMATS.forExtension("json", "test").checkType(COUNTS);
    }

    /** A row with a path, which is Iterable of its names, and a boxed number. */
    public record Located(java.nio.file.Path path, Integer size) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "tsv.gz"})
    void tablesStoreAPathAsOneCellAndRefuseANullCell(String extension) throws IOException {
        Type located = new TypeRef<List<Located>>() { }.type();
        FORMATS.forExtension(extension, "test").checkType(located);
        List<Located> rows = List.of(new Located(java.nio.file.Path.of("data", "a b.txt"), 3));
        assertThat(read(extension, located, write(extension, located, rows))).isEqualTo(rows);

        assertThatThrownBy(() -> write(extension, located, List.of(new Located(java.nio.file.Path.of("a"), 1),
                new Located(null, 3)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("row 2 after the header (element 1 of the list), column 'path': "
                        + extension.replace(".gz", "") + " cannot store null");
        assertThatThrownBy(() -> write(extension, located, List.of(new Located(java.nio.file.Path.of("a"), null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("row 1 after the header (element 0 of the list), column 'size': "
                        + extension.replace(".gz", "") + " cannot store null");
        Type maps = new TypeRef<List<Map<String, String>>>() { }.type();
        java.util.Map<String, String> withNull = new java.util.HashMap<>();
        withNull.put("word", null);
        assertThatThrownBy(() -> write(extension, maps, List.of(withNull))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("row 1 after the header (element 0 of the list), column 'word': ")
                .hasMessageContaining("cannot store null");
    }

    @Test
    void anOutputsFormatIsCheckedToStoreItsDeclaredType() {
        assertThat(FORMATS.forOutput("json.gz", COUNTS, () -> "output of Task[1]").extensions()).containsExactly("json.gz");
        assertThatThrownBy(() -> FORMATS.forOutput("csv", Long.class, () -> "output of Task[1]"))
                .isInstanceOf(TaskDefinitionException.class)
                .hasMessageStartingWith("output of Task[1] cannot be written as .csv: csv stores List<R>")
                .hasMessageEndingWith("not java.lang.Long");
        assertThatThrownBy(() -> FORMATS.forOutput("parquet", Long.class, () -> "output of Task[1]"))
                .isInstanceOf(TaskDefinitionException.class).hasMessageContaining("'parquet'");
    }

    @Test
    void unknownExtensionsListTheSupportedOnes() {
        assertThatThrownBy(() -> FORMATS.forExtension("parquet", "output of Task[1]"))
                .isInstanceOf(UnsupportedFormatException.class)
                // in name order, with the test classpath's own formats among them
                .hasMessageStartingWith("output of Task[1]: no format for the extension 'parquet'; supported: bin, csv, json, ")
                .hasMessageEndingWith("ser, tsv, txt, each also with .gz");
        assertThatThrownBy(() -> FORMATS.forExtension("TXT", "output of Task[1]"))
                .hasMessageStartingWith("output of Task[1]: no format for the extension 'TXT' (extensions are lower case: did"
                        + " you mean 'txt'?); supported: bin, ");
        assertThatThrownBy(() -> FORMATS.forExtension("Json.GZ", "output of Task[1]"))
                .hasMessageContaining("did you mean 'json.gz'?");
    }

    /** Stands in for a deserialization gadget: a class whose instantiation has a side effect. */
    public static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean INSTANTIATED = new AtomicBoolean();

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            INSTANTIATED.set(true);
            in.defaultReadObject();
        }
    }

    @Test
    void javaSerializationRefusesClassesOutsideTheAllowListBeforeInstantiatingThem() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.ArrayList<>(List.of(new Gadget())));
        }
        Format ser = FORMATS.forExtension("ser", "test");

        assertThatThrownBy(() -> ser.read(new ByteArrayInputStream(bytes.toByteArray()), Object.class))
                .isInstanceOf(IOException.class)
                .hasMessageContainingAll("refused", Gadget.class.getName(), "kart.formats.java.allow");
        assertThat(Gadget.INSTANTIATED).isFalse();
    }

    /** A jar's format that claims an extension kart's own text format has. */
    public static final class ClaimsTxt implements Format {
        @Override
        public List<String> extensions() {
            return List.of("txt");
        }

        @Override
        public void write(Object value, Type type, java.io.OutputStream out) {
        }

        @Override
        public Object read(java.io.InputStream in, Type type) {
            return null;
        }
    }

    @Test
    void aRegisteredFormatClaimingAnExtensionInUseIsOneMessageNamingBothAndTheServicesFile(@TempDir Path directory)
            throws IOException {
        Path services = directory.resolve("META-INF/services/dev.kart.format.Format");
        Files.createDirectories(services.getParent());
        Files.writeString(services, ClaimsTxt.class.getName() + "\n");
        ClassLoader classLoader = new URLClassLoader(new URL[] {directory.toUri().toURL()}, getClass().getClassLoader());

        assertThatThrownBy(() -> new FormatRegistry(List.of("java.lang.*"), classLoader))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("formats dev.kart.core.internal.format.TextFormat (kart's own) and " + ClaimsTxt.class.getName()
                        + " both claim the extension 'txt' (expected one format per extension): remove one of them from"
                        + " META-INF/services/dev.kart.format.Format on the class path");
    }
}
