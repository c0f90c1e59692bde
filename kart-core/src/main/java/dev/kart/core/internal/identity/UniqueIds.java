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
        // Tasks, and markers that a task's task-valued parameters all have ids now. Dependencies are
        // pushed without asking the memo and asked once when popped: a root over 10,000 children
        // costs one memo lookup per child here instead of three and one pass over its list, not two.
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(task);
        while (!pending.isEmpty()) {
            Object next = pending.pop();
            if (next instanceof DependenciesKnown ready) {
                // a task pushed twice before its first copy was expanded is computed once
                if (!ids.containsKey(ready.task())) {
                    ids.put(ready.task(), compute(ready.task()));
                }
                continue;
            }
            Task<?> current = (Task<?>) next;
            if (ids.containsKey(current)) {
                continue;
            }
            int before = pending.size();
            // everything pushed after the marker is popped, and so has its id, before the marker is
            pending.push(new DependenciesKnown(current));
            for (TaskParameter parameter : TaskType.of(current).significantParametersByName()) {
                if (parameter.kind() == ParameterKind.TASK) {
                    pushTask((Task<?>) parameter.valueOf(current), pending);
                } else if (parameter.kind() == ParameterKind.TASK_LIST) {
                    for (Object element : (List<?>) parameter.valueOf(current)) {
                        pushTask((Task<?>) element, pending);
                    }
                }
            }
            if (pending.size() == before + 1) {
                // no task-valued parameter: no need to come back to it
                pending.pop();
                ids.put(current, compute(current));
            }
        }
        return ids.get(task);
    }

    private static void pushTask(Task<?> dependency, Deque<Object> pending) {
        if (dependency != null) {
            pending.push(dependency);
        }
    }

    /** On the stack of {@link #of}: {@code task}'s dependencies have ids, its own can be computed. */
    private record DependenciesKnown(Task<?> task) {
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
