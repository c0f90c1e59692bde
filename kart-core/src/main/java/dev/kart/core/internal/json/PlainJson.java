package dev.kart.core.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes plain values with Jackson's streaming generator, as its data binding writes them but without
 * loading it: text, numbers, booleans, {@code null}, and lists and maps of those (parameter values as
 * task info and {@code kart tree --format=json} render them, log lines, fencing tokens).
 */
public final class PlainJson {
    private PlainJson() {
    }

    /**
     * @param json where to write
     * @param value text, a number, a boolean, {@code null}, or a list or map of those; a map's keys are
     *     written as {@link String#valueOf}
     * @throws IllegalArgumentException for any other value
     * @throws IOException when the generator cannot write
     */
    public static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Number number) {
            writeNumber(json, number);
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                write(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                write(json, entry.getValue());
            }
            json.writeEndObject();
        } else {
            throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName() + ": " + value);
        }
    }

    /** Writes a number as data binding's number serializer does, each kind with its own precision. */
    private static void writeNumber(JsonGenerator json, Number number) throws IOException {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            json.writeNumber(number.intValue());
        } else if (number instanceof Long value) {
            json.writeNumber(value);
        } else if (number instanceof Double value) {
            json.writeNumber(value);
        } else if (number instanceof Float value) {
            json.writeNumber(value);
        } else if (number instanceof BigInteger value) {
            json.writeNumber(value);
        } else if (number instanceof BigDecimal value) {
            json.writeNumber(value);
        } else {
            json.writeNumber(number.toString());
        }
    }
}
