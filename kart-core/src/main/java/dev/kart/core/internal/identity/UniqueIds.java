package dev.kart.core.internal.identity;

import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.task.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes unique ids: the first 128 bits, in hex, of SHA-256 over the task's family name and its
 * significant parameters sorted by name in {@linkplain CanonicalForm canonical form}, where a
 * task-valued parameter contributes its own unique id. Insignificant parameters and
 * {@link Task#requires()} do not enter it.
 *
 * <p>One instance memoizes the ids of the task objects it has seen, so a build hashes each object
 * once; it walks dependency chains without recursion, so deep chains do not exhaust the stack. Not
 * thread-safe: use one per thread.
 */
public final class UniqueIds {
    private static final HexFormat HEX = HexFormat.of();

    private final Map<Task<?>, String> ids = new IdentityHashMap<>();
    private final MessageDigest sha256;

    /** Creates an empty memo. */
    public UniqueIds() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * @param task any task
     * @return its unique id: 32 lower-case hex digits
     */
    public String of(Task<?> task) {
        String known = ids.get(task);
        if (known != null) {
            return known;
        }
        Deque<Task<?>> pending = new ArrayDeque<>();
        pending.push(task);
        while (!pending.isEmpty()) {
            Task<?> current = pending.peek();
            if (ids.containsKey(current)) {
                pending.pop();
                continue;
            }
            boolean ready = true;
            for (TaskParameter parameter : TaskType.of(current).significantParametersByName()) {
                if (parameter.kind() == ParameterKind.TASK) {
                    ready &= pushIfUnknown((Task<?>) parameter.valueOf(current), pending);
                } else if (parameter.kind() == ParameterKind.TASK_LIST) {
                    for (Object element : (List<?>) parameter.valueOf(current)) {
                        ready &= pushIfUnknown((Task<?>) element, pending);
                    }
                }
            }
            if (ready) {
                ids.put(current, compute(current));
                pending.pop();
            }
        }
        return ids.get(task);
    }

    private boolean pushIfUnknown(Task<?> dependency, Deque<Task<?>> pending) {
        if (dependency == null || ids.containsKey(dependency)) {
            return true;
        }
        pending.push(dependency);
        return false;
    }

    private String compute(Task<?> task) {
        TaskType type = TaskType.of(task);
        StringBuilder form = new StringBuilder(128).append(type.family()).append('\n');
        for (TaskParameter parameter : type.significantParametersByName()) {
            form.append(parameter.name()).append('=');
            CanonicalForm.append(parameter.valueOf(task), this::of, form);
            form.append('\n');
        }
        byte[] digest = sha256.digest(form.toString().getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, 16);
    }
}
