package dev.kart.core.internal.format;

import dev.kart.format.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Gzip on top of another format: {@code json.gz}, {@code csv.gz}, ... */
final class GzipFormat implements Format {
    private final Format inner;
    private final String extension;

    GzipFormat(Format inner, String innerExtension) {
        this.inner = inner;
        this.extension = innerExtension + ".gz";
    }

    @Override
    public List<String> extensions() {
        return List.of(extension);
    }

    @Override
    public void write(Object value, Type type, OutputStream out) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(new NonClosing(out), 8192);
        inner.write(value, type, gzip);
        gzip.finish();
        gzip.flush();
    }

    @Override
    public void checkType(Type type) {
        inner.checkType(type);
    }

    @Override
    public Object read(InputStream in, Type type) throws IOException {
        try (GZIPInputStream gzip = new GZIPInputStream(in, 8192)) {
            return inner.read(gzip, type);
        }
    }

    /** Keeps the inner format from closing the file, which the caller owns. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
