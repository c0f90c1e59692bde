package dev.kart.core.internal.format;

import dev.kart.core.internal.model.ParameterTypes;
import dev.kart.format.Format;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code .txt}: UTF-8 text. A {@code String} is stored as is; a {@code List<String>} one element per line.
 * Reading refuses bytes that are not UTF-8. Text has no framing, so a file cut short or emptied reads
 * as shorter text: atomic publishing is what keeps such files from appearing at a final path.
 */
public final class TextFormat implements Format {

    @Override
    public List<String> extensions() {
        return List.of("txt");
    }

    @Override
    public void write(Object value, Type type, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (isLines(type) && value instanceof List<?> lines) {
            for (Object line : lines) {
                String text = String.valueOf(line);
                if (text.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("txt stores a List<String> one element per line, but an"
                            + " element contains a line break: use a String, or json");
                }
                writer.write(text);
                writer.write('\n');
            }
        } else if (type == String.class && value instanceof String text) {
            writer.write(text);
        } else {
            throw unsupported(type);
        }
        writer.flush();
    }

    @Override
    public void checkType(Type type) {
        if (!isLines(type) && type != String.class) {
            throw unsupported(type);
        }
    }

    private static IllegalArgumentException unsupported(Type type) {
        return new IllegalArgumentException("txt stores String or List<String>, not " + type.getTypeName()
                + "; use json, csv or ser for other types");
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        if (!isLines(type) && type != String.class) {
            throw new IllegalArgumentException("txt reads String or List<String>, not " + type.getTypeName());
        }
        // strict: bytes that are not UTF-8 mean a damaged file, never text with replacement characters
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            if (type == String.class) {
                return utf8.decode(ByteBuffer.wrap(in.readAllBytes())).toString();
            }
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, utf8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
            return lines;
        } catch (CharacterCodingException e) {
            throw new IOException("the file is not UTF-8 text (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): corrupt, or not written by kart's txt format", e);
        }
    }

    private static boolean isLines(Type type) {
        return ParameterTypes.rawType(type) == List.class && ParameterTypes.typeArgument(type, 0) == String.class;
    }
}
