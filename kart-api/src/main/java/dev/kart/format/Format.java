package dev.kart.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Reads and writes cache files of one or more file extensions. The runtime picks a format by the
 * output's extension; {@code .gz} after any extension adds gzip on top. Extra formats are found
 * with {@link java.util.ServiceLoader} ({@code META-INF/services/dev.kart.format.Format}) and need
 * a public no-argument constructor.
 *
 * <p>Implementations are stateless and safe for concurrent use. They never see files: the runtime
 * hands them streams, writes to a temporary file and publishes it atomically.
 */
public interface Format {

    /** @return the extensions this format handles, without dots, such as {@code ["csv"]} */
    List<String> extensions();

    /**
     * Writes {@code value} as {@code type}.
     *
     * @param value the value a task returned or dumped; not {@code null}
     * @param type the declared output type
     * @param out where to write; the caller closes it
     * @throws IOException when writing fails
     * @throws IllegalArgumentException when this format cannot represent {@code type} or
     *     {@code value}; the message says which types it can write
     */
    void write(Object value, Type type, OutputStream out) throws IOException;

    /**
     * Reads a value of {@code type} back.
     *
     * @param in the file's content; the caller closes it
     * @param type the declared output type
     * @return the value, of {@code type}
     * @throws IOException when the content is not a valid value of {@code type} (corrupt, truncated
     *     or written by another task definition)
     */
    Object read(InputStream in, Type type) throws IOException;

    /**
     * Checks that this format can store values of a declared output type, so that a task whose output
     * it cannot hold is refused before any task runs, not after its {@code run()} did the work. The
     * runtime calls it when it builds a task's cache targets, once per format and declared type in a
     * process. The default accepts every type: the first {@link #write} then says whether it can.
     *
     * @param type a declared output type, such as {@code Long} or {@code List<Row>}
     * @throws IllegalArgumentException when this format cannot store values of {@code type}; the message
     *     says which types it can store, as {@link #write} does
     */
    default void checkType(Type type) {
    }

    /**
     * Makes ahead of time what the first {@link #write} or {@link #read} of {@code type} would make on
     * first use (an object mapper, a serializer for the type, a compiled schema), so that the first
     * publish of a process does not pay for it after {@code run()}. The runtime calls it once per
     * format and declared output type in a process, on a background thread, as the first task with
     * such an output starts its {@code run()}; it may run concurrently with reads and writes. Any
     * exception it throws is ignored: the write that follows reports the problem. The default does
     * nothing.
     *
     * @param type a declared output type this format is about to write
     */
    default void prepare(Type type) {
    }
}
