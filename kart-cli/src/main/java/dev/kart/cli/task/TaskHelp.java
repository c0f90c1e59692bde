package dev.kart.cli.task;

import dev.kart.cli.text.TextTable;
import dev.kart.core.internal.config.KebabCase;
import dev.kart.core.internal.model.ParameterKind;
import dev.kart.core.internal.model.ParameterTypes;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code kart run TASK --help}: a task's parameters with their types, defaults and whether they enter
 * the unique id (and so decide the cache file).
 */
public final class TaskHelp {
    private static final String[] HEADER = {"PARAMETER", "TYPE", "DEFAULT", "IN HASH"};

    private TaskHelp() {
    }

    /**
     * @param type the task
     * @param command how the task is run, such as {@code kart run}
     * @return the help text, ending with a line break
     */
    public static String render(TaskType type, String command) {
        String name = TaskCatalog.shortName(type.family());
        StringBuilder out = new StringBuilder();
        out.append("Usage: ").append(command).append(' ').append(name).append(" [--PARAMETER=VALUE...] [OPTIONS]\n\n");
        out.append("Task ").append(type.family()).append('\n');
        out.append("  output: ").append(type.hasMainOutput()
                ? "." + type.outputExtension() + " file holding " + readable(type.outputType())
                : "named outputs only (Task<Void>)").append('\n');
        if (type.runWithLock()) {
            out.append("  run lock: yes (@RunWithLock)\n");
        }
        out.append('\n');
        if (type.parameters().isEmpty()) {
            out.append("This task has no parameters.\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(HEADER);
            for (TaskParameter parameter : type.parameters()) {
                rows.add(new String[] {"--" + KebabCase.of(parameter.name()), typeText(parameter), defaultText(parameter),
                    parameter.significant() ? "yes" : "no (@Insignificant)"});
            }
            out.append("Parameters:\n").append(TextTable.render(rows, "  "));
            out.append("\nA value comes from the command line, else from kart.tasks.\"").append(type.family())
                    .append("\" in config, else from its default.\n");
            out.append("Parameters in the hash decide the unique id, and so the cache file: a new value means a new run.\n");
        }
        out.append("Run '").append(command).append(" --help' for kart's own options (--workers, --workspace, --config, ...).\n");
        return out.toString();
    }

    private static String typeText(TaskParameter parameter) {
        String text = readable(parameter.type());
        Class<?> raw = parameter.rawType();
        if (raw.isEnum()) {
            text += ": " + Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
        } else if (parameter.kind() == ParameterKind.TASK) {
            text += " (task)";
        } else if (parameter.kind() == ParameterKind.TASK_LIST) {
            text += " (tasks)";
        }
        return text;
    }

    private static String defaultText(TaskParameter parameter) {
        if (parameter.defaultText().isPresent()) {
            return parameter.defaultText().get();
        }
        return switch (parameter.kind()) {
            case TASK -> "built from its own parameters";
            case TASK_LIST -> "(required; set in code)";
            case VALUE -> "(required)";
        };
    }

    /**
     * @param type a Java type
     * @return its name without package prefixes, such as {@code Map<String, Long>}
     */
    static String readable(Type type) {
        Class<?> raw = ParameterTypes.rawType(type);
        String name = type instanceof Class<?> c ? c.getName() : type.getTypeName();
        if (raw.isPrimitive()) {
            return name;
        }
        return name.replaceAll("\\b[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*\\.(?=[A-Z])", "").replace('$', '.')
                .replace(",", ", ").replace(",  ", ", ");
    }
}
