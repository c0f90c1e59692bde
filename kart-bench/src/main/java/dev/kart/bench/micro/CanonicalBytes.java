package dev.kart.bench.micro;

import dev.kart.core.internal.identity.CanonicalForm;
import dev.kart.core.internal.identity.UniqueIds;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.task.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The bytes kart's unique id of a task is the SHA-256 of: the family name and each significant
 * parameter, sorted by name, in canonical form (a task-valued parameter as its own unique id). The
 * unique-id benchmark's baseline hashes exactly these bytes, so it costs what hashing alone costs.
 * {@link #checked} proves that they are the same bytes as kart's by comparing the digests with
 * kart's ids.
 */
final class CanonicalBytes {
    private static final HexFormat HEX = HexFormat.of();

    private CanonicalBytes() {
    }

    /**
     * @param tasks tasks, each after the tasks it depends on
     * @return the canonical bytes of each, in the same order
     * @throws IllegalStateException when the SHA-256 of a task's bytes does not start with its
     *     unique id, i.e. these bytes are not what kart hashes
     */
    static byte[][] checked(List<? extends Task<?>> tasks) {
        UniqueIds ids = new UniqueIds();
        MessageDigest sha256 = sha256();
        byte[][] bytes = new byte[tasks.size()][];
        for (int i = 0; i < bytes.length; i++) {
            Task<?> task = tasks.get(i);
            bytes[i] = of(task, ids);
            String digest = HEX.formatHex(sha256.digest(bytes[i]), 0, 16);
            if (!digest.equals(ids.of(task))) {
                throw new IllegalStateException("the canonical bytes of " + task + " hash to " + digest
                        + ", not to its unique id " + ids.of(task) + ": the baseline would hash other bytes than kart");
            }
        }
        return bytes;
    }

    /** @return a new SHA-256 digest */
    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] of(Task<?> task, UniqueIds ids) {
        TaskType type = TaskType.of(task);
        StringBuilder form = new StringBuilder(128).append(type.family()).append('\n');
        for (TaskParameter parameter : type.significantParametersByName()) {
            form.append(parameter.name()).append('=');
            CanonicalForm.append(parameter.valueOf(task), ids::of, form);
            form.append('\n');
        }
        return form.toString().getBytes(StandardCharsets.UTF_8);
    }
}
