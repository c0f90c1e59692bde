package dev.kart.core.internal.format;

import dev.kart.core.internal.model.ParameterTypes;
import dev.kart.core.internal.parameter.ParameterParser;
import dev.kart.core.internal.parameter.ParameterValueException;
import dev.kart.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code .csv} and {@code .tsv} tables (commons-csv), for three shapes of rows:
 * <ul>
 *   <li>{@code List<R>} with {@code R} a record of scalars: a header of its component names, each cell
 *       parsed back to the component's type;</li>
 *   <li>{@code List<Map<String, String>>}: a header of the first row's keys, every row with the same keys;</li>
 *   <li>{@code List<List<String>>}: rows as they are, no header.</li>
 * </ul>
 * A header that does not match the record, or a row of the wrong width, is an error on read.
 */
public final class DelimitedFormat implements Format {
    private final String extension;
    private final CSVFormat format;

    private DelimitedFormat(String extension, CSVFormat format) {
        this.extension = extension;
        this.format = format;
    }

    /** @return the comma-separated format, RFC 4180 */
    public static DelimitedFormat csv() {
        return new DelimitedFormat("csv", CSVFormat.RFC4180.builder().setRecordSeparator('\n').get());
    }

    /** @return the tab-separated format */
    public static DelimitedFormat tsv() {
        return new DelimitedFormat("tsv", CSVFormat.TDF.builder().setRecordSeparator('\n').get());
    }

    @Override
    public List<String> extensions() {
        return List.of(extension);
    }

    @Override
    public void write(Object value, Type type, OutputStream out) throws IOException {
        Type row = rowType(type);
        Class<?> rowClass = ParameterTypes.rawType(row);
        List<?> rows = (List<?>) value;
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, format);
        if (rowClass.isRecord()) {
            RecordComponent[] components = rowClass.getRecordComponents();
            printer.printRecord(Arrays.stream(components).map(RecordComponent::getName).toList());
            int index = 0;
            for (Object element : rows) {
                List<String> cells = new ArrayList<>(components.length);
                for (RecordComponent component : components) {
                    cells.add(cell(accessor(component, element), index, true, component.getName()));
                }
                printer.printRecord(cells);
                index++;
            }
        } else if (rowClass == Map.class) {
            List<String> header = null;
            int index = 0;
            for (Object element : rows) {
                Map<?, ?> map = (Map<?, ?>) element;
                if (header == null) {
                    header = map.keySet().stream().map(String::valueOf).toList();
                    printer.printRecord(header);
                }
                if (!map.keySet().stream().map(String::valueOf).toList().equals(header)) {
                    throw new IllegalArgumentException(extension + ": every row must have the columns " + header
                            + ", found " + map.keySet());
                }
                List<String> cells = new ArrayList<>(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    cells.add(cell(entry.getValue(), index, true, String.valueOf(entry.getKey())));
                }
                printer.printRecord(cells);
                index++;
            }
        } else {
            int index = 0;
            for (Object element : rows) {
                List<String> cells = new ArrayList<>();
                int column = 1;
                for (Object cellValue : (List<?>) element) {
                    cells.add(cell(cellValue, index, false, "#" + column++));
                }
                printer.printRecord(cells);
                index++;
            }
        }
        printer.flush();
    }

    @Override
    public void checkType(Type type) {
        Class<?> rowClass = ParameterTypes.rawType(rowType(type));
        if (!rowClass.isRecord()) {
            return;
        }
        for (RecordComponent component : rowClass.getRecordComponents()) {
            if (!ParameterTypes.isScalar(component.getGenericType())) {
                throw new IllegalArgumentException(extension + " stores a record's components one per cell, each read back"
                        + " from its text: a String, boolean, int, long, double, enum, LocalDate, LocalDateTime, Duration or"
                        + " Path; the component '" + component.getName() + "' of " + rowClass.getName() + " is a "
                        + component.getGenericType().getTypeName() + "; use json for other types");
            }
        }
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        Type row = rowType(type);
        Class<?> rowClass = ParameterTypes.rawType(row);
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        if (rowClass.isRecord()) {
            return readRecords(reader, rowClass);
        }
        if (rowClass == Map.class) {
            List<Map<String, String>> rows = new ArrayList<>();
            try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(headed()).get()) {
                for (CSVRecord record : parser) {
                    requireWidth(record, parser.getHeaderNames().size());
                    rows.add(new LinkedHashMap<>(record.toMap()));
                }
            }
            return rows;
        }
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            for (CSVRecord record : parser) {
                rows.add(record.toList());
            }
        }
        return rows;
    }

    private Object readRecords(Reader reader, Class<?> rowClass) throws IOException {
        RecordComponent[] components = rowClass.getRecordComponents();
        List<String> expected = Arrays.stream(components).map(RecordComponent::getName).toList();
        List<Object> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(headed()).get()) {
            if (parser.getHeaderNames().isEmpty()) {
                throw new IOException("the file is empty, expected a header row " + expected);
            }
            if (!parser.getHeaderNames().equals(expected)) {
                throw new IOException("the header " + parser.getHeaderNames() + " does not match the components "
                        + expected + " of " + rowClass.getName() + " (written by another task definition?)");
            }
            var constructor = rowClass.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            for (CSVRecord record : parser) {
                requireWidth(record, expected.size());
                Object[] arguments = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    String where = "row " + record.getRecordNumber() + " after the header, column '" + expected.get(i) + "'";
                    arguments[i] = ParameterParser.fromText(record.get(i), components[i].getGenericType(), where);
                }
                rows.add(constructor.newInstance(arguments));
            }
        } catch (ParameterValueException e) {
            throw new IOException(e.getMessage(), e);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot create " + rowClass.getName() + " from a row: " + e.getMessage(), e);
        }
        return rows;
    }

    private CSVFormat headed() {
        return format.builder().setHeader().setSkipHeaderRecord(true).get();
    }

    private static void requireWidth(CSVRecord record, int width) throws IOException {
        if (record.size() != width) {
            throw new IOException("row " + record.getRecordNumber() + " after the header has " + record.size() + " cells, expected "
                    + width + " (truncated or corrupt file?)");
        }
    }

    private Type rowType(Type type) {
        if (ParameterTypes.rawType(type) == List.class) {
            Type row = ParameterTypes.typeArgument(type, 0);
            Class<?> rowClass = ParameterTypes.rawType(row);
            if (rowClass.isRecord() || isStringMap(row) || isStringList(row)) {
                return row;
            }
        }
        throw new IllegalArgumentException(extension + " stores List<R> with R a record, List<Map<String, String>>"
                + " or List<List<String>>, not " + type.getTypeName());
    }

    // a cell is read back as a String: a row's declared values must be Strings, or they would come back as another type
    private static boolean isStringMap(Type row) {
        return ParameterTypes.rawType(row) == Map.class && ParameterTypes.typeArgument(row, 0) == String.class
                && holdsText(ParameterTypes.typeArgument(row, 1));
    }

    private static boolean isStringList(Type row) {
        return ParameterTypes.rawType(row) == List.class && holdsText(ParameterTypes.typeArgument(row, 0));
    }

    private static boolean holdsText(Type cell) {
        return cell == String.class;
    }

    private static Object accessor(RecordComponent component, Object record) {
        try {
            component.getAccessor().setAccessible(true);
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot read " + component, e);
        }
    }

    /**
     * @param index the row's index in the list written
     * @param headed whether the table has a header row, after which the file counts its rows (as a read does)
     * @param column the cell's column, for the message: its header, or {@code #n} in a table without one
     */
    private String cell(Object value, int index, boolean headed, String column) {
        try {
            return cell(value);
        } catch (IllegalArgumentException e) {
            // the value alone names neither the row nor the column
            throw new IllegalArgumentException("row " + (index + 1) + (headed ? " after the header" : "") + " (element "
                    + index + " of the list), column '" + column + "': " + e.getMessage(), e);
        }
    }

    private String cell(Object value) {
        if (value == null) {
            // an empty cell reads back as "" or not at all, never as null: refused before anything is published
            throw new IllegalArgumentException(extension + " cannot store null, which no cell's text reads back as; use"
                    + " json for absent values");
        }
        if (value instanceof Path path) {
            // a Path is Iterable (of its names), but one cell: its text
            return path.toString();
        }
        if (value instanceof Map<?, ?> || value instanceof Iterable<?> || value instanceof Record) {
            throw new IllegalArgumentException("a table cell must be a single value, found " + value.getClass().getName()
                    + "; use json for nested data");
        }
        return value instanceof Enum<?> e ? e.name() : String.valueOf(value);
    }
}
