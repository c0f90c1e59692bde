package dev.kart.bench.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The file every node of a multi-process scenario appends one line to per {@code run()} call, so the
 * scenario can count executions across processes. It is opened with {@code O_APPEND}
 * ({@link StandardOpenOption#APPEND}) and each line is one {@code write}, so lines of concurrent
 * processes never overwrite or split each other. In a node, its path is the system property
 * {@value #PROPERTY}; runs are not logged where it is unset (e.g. in the scenario's own JVM, which
 * only reads outputs).
 */
public final class ExecutionLog {
    /** The system property naming the log file in a node JVM. */
    public static final String PROPERTY = "kart.bench.execution-log";

    private static FileChannel channel;

    private ExecutionLog() {
    }

    /**
     * Appends one line, with this process's id as its last word.
     *
     * @param words what ran, as words without spaces (e.g. the round and the task's index)
     * @throws UncheckedIOException when the log cannot be written
     */
    public static void append(String words) {
        String path = System.getProperty(PROPERTY);
        if (path == null) {
            return;
        }
        byte[] line = (words + " " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (ExecutionLog.class) {
            try {
                if (channel == null) {
                    channel = FileChannel.open(Path.of(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                int written = channel.write(buffer);
                if (written != line.length) {
                    throw new IOException("wrote " + written + " of " + line.length + " bytes of one line");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the execution log " + path, e);
            }
        }
    }

    /**
     * @param file an execution log
     * @param from how many bytes of it to skip (those read before)
     * @return its lines from there, each split into words; only whole lines
     * @throws UncheckedIOException when it cannot be read
     */
    public static List<String[]> read(Path file, long from) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.max(0, size - from));
            while (bytes.hasRemaining() && in.read(bytes, from + bytes.position()) >= 0) {
                // a read may return fewer bytes than asked for: read on to the size taken above
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n');
            if (end < 0) {
                return List.of();
            }
            return text.substring(0, end).lines().filter(line -> !line.isBlank()).map(line -> line.split(" ")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the execution log " + file, e);
        }
    }

    /**
     * @param file an execution log
     * @return how many bytes it holds now
     */
    public static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }
}
