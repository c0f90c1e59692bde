package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.kart.KartException;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.inject.TaskClasses;
import dev.kart.core.internal.model.TaskIndexFile;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.task.CollisionPolicy;
import dev.kart.task.Task;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The {@code kart.tasks."<fully.qualified.Name>"} sections: per-task settings and parameter values.
 * All sections are checked at start: the name must be a task class, and each key a setting or one
 * of its parameters (by name or in kebab-case).
 */
public final class TaskSections {
    /** Keys a task section may hold besides parameters. */
    public static final Set<String> SETTING_KEYS =
            Set.of("retry-count", "retry-delay", "lock-run", "on-collision", "fail-on-collision", "rerun",
                    "task-timeout");

    private final Config config;
    private final KartSettings defaults;
    private final Map<Class<?>, TaskSettings> resolved = new ConcurrentHashMap<>();
    private final List<TaskType> typesWithSections = new ArrayList<>();

    /**
     * @param config the loaded configuration
     * @param defaults the global settings
     * @param classes where the named task classes are found
     * @throws KartConfigException naming the first bad section or key
     */
    @Inject
    public TaskSections(Config config, KartSettings defaults, TaskClasses classes) {
        this.config = config;
        this.defaults = defaults;
        if (config.hasPath("kart.tasks")) {
            // each section's first refusal, and of those the one set first: fixing a file from its top down meets
            // them one by one, as for kart's other keys (sections come out of the parse in no order of the file's)
            Refusal first = null;
            for (Map.Entry<String, ConfigValue> entry : config.getObject("kart.tasks").entrySet()) {
                Optional<Refusal> refusal = check(entry.getKey(), entry.getValue(), classes.loader());
                if (refusal.isPresent()) {
                    first = Refusal.earlier(first, refusal.get());
                }
            }
            if (first != null) {
                throw first.error();
            }
        }
    }

    /**
     * What refused a section, and where the value it is about was set.
     *
     * @param message the error's message, with where that value was set
     * @param error the error
     */
    private record Refusal(FileOrder.KeyMessage message, KartConfigException error) {
        Refusal(ConfigValue value, String key, KartConfigException error) {
            // a section merged from two files has no line of its own: one of its values' lines stands for it
            this(new FileOrder.KeyMessage(value.origin().lineNumber() >= 0 ? value.origin()
                    : ConfigOrigins.leaf(value).origin(), key, error.getMessage()), error);
        }

        /** @return of two refusals ({@code one} may be null), the one whose value was set first in the files */
        static Refusal earlier(Refusal one, Refusal other) {
            return one == null || FileOrder.first(List.of(one.message, other.message), LoadOrder.NONE) == other.message
                    ? other : one;
        }
    }

    /** @return the task types the configuration has a section for, checked */
    public List<TaskType> typesWithSections() {
        return Collections.unmodifiableList(typesWithSections);
    }

    /**
     * @param type a task type
     * @return its section, if the configuration has one
     */
    public Optional<Config> section(TaskType type) {
        String path = path(type.family());
        return config.hasPath(path) ? Optional.of(config.getConfig(path)) : Optional.empty();
    }

    /**
     * @param type a task type
     * @param parameter one of its parameters
     * @return the full path of the key that sets it, if the section sets it
     */
    public Optional<String> parameterPath(TaskType type, TaskParameter parameter) {
        return parameterPath(config, type, parameter);
    }

    /**
     * @param config a loaded configuration
     * @param type a task type
     * @param parameter one of its parameters
     * @return the full path of the key of {@code config} that sets it, by its name or in kebab-case,
     *     such as {@code kart.tasks."com.acme.CountWords".min-count}
     * @throws KartConfigException when both spellings are set, naming each key and where it was set
     */
    public static Optional<String> parameterPath(Config config, TaskType type, TaskParameter parameter) {
        String declared = key(type.family(), parameter.name());
        String kebab = key(type.family(), KebabCase.of(parameter.name()));
        boolean byName = config.hasPath(declared);
        boolean byKebab = !kebab.equals(declared) && config.hasPath(kebab);
        if (byName && byKebab) {
            // merged from several sources, the two keys no longer say which was set last or wins
            throw new KartConfigException("config keys '" + declared + "' (" + ConfigOrigins.origin(config.getValue(declared), declared)
                    + ") and '" + kebab + "' (" + ConfigOrigins.origin(config.getValue(kebab), kebab) + ") both set parameter '"
                    + parameter.name() + "' of task " + type.family() + ": keep one of them");
        }
        return byName ? Optional.of(declared) : byKebab ? Optional.of(kebab) : Optional.empty();
    }

    /**
     * @param path a path from {@link #parameterPath}
     * @param problem what is wrong with its value, as the rest of a sentence naming the key
     * @return the error: {@code config key 'kart.tasks."a.Task".top' (/etc/kart.conf, line 4) PROBLEM}
     */
    public KartConfigException badValue(String path, String problem) {
        return ConfigValueError.of(config, path, problem);
    }

    /**
     * @param path a path from {@link #parameterPath}
     * @return the key and where its value was set: {@code 'kart.tasks."a.Task".top' (/etc/kart.conf, line 4)}
     */
    public String describe(String path) {
        return "'" + path + "' (" + ConfigOrigins.origin(config.getValue(path), path) + ")";
    }

    /**
     * @param path a path from {@link #parameterPath}
     * @return the value there, unwrapped to String, Number, Boolean, List or Map
     */
    public Object value(String path) {
        return config.getValue(path).unwrapped();
    }

    /**
     * @param type a task type
     * @return the settings that apply to it
     */
    public TaskSettings settings(TaskType type) {
        // looked up first: computeIfAbsent's lambda, capturing the type, is a new object per task of a graph
        TaskSettings settings = resolved.get(type.type());
        return settings != null ? settings : resolved.computeIfAbsent(type.type(), ignored -> resolve(type));
    }

    private TaskSettings resolve(TaskType type) {
        String section = path(type.family());
        boolean ownRetryCount = config.hasPath(section + ".retry-count");
        int retryCount = ownRetryCount ? Settings.intAtLeast(config, section + ".retry-count", 0) : defaults.retryCount();
        String retryCountKey = ownRetryCount ? key(type.family(), "retry-count") : "kart.retry.count";
        boolean ownRetryDelay = config.hasPath(section + ".retry-delay");
        // read at the section's path, which is its key as messages name it: key(type.family(), "retry-delay")
        DurationSetting retryDelay = ownRetryDelay ? DurationSetting.read(config, section + ".retry-delay")
                : defaults.retryDelay();
        boolean lockRun = config.hasPath(section + ".lock-run")
                ? Settings.read(config, section + ".lock-run", () -> config.getBoolean(section + ".lock-run"))
                : type.runWithLock() || defaults.lockRunAll();
        CollisionChoice collision = collisionChoice(config, section, type);
        // what the policy would be without that key, found the same way: whether removing it alone makes the task
        // wait or defer, as advice says
        Optional<CollisionPolicy> withoutFailKey = collision.failOnCollisionKey()
                .map(key -> collisionChoice(config.withoutPath(key), section, type).policy());
        boolean rerun = config.hasPath(section + ".rerun")
                && Settings.read(config, section + ".rerun", () -> config.getBoolean(section + ".rerun"));
        // a section's null lifts a global limit for that task
        var taskTimeout = config.hasPathOrNull(section + ".task-timeout")
                ? TaskTimeout.read(config, section + ".task-timeout") : defaults.taskTimeout();
        return new TaskSettings(retryCount, retryCountKey, retryDelay, lockRun, collision.policy(),
                collision.failOnCollisionKey(), withoutFailKey, collision.annotated(), collision.onCollisionKey(), rerun,
                taskTimeout);
    }

    /**
     * The run-lock collision policy of a task, and what chose it.
     *
     * @param policy the policy
     * @param failOnCollisionKey the {@code fail-on-collision} key that chose it, when one did
     * @param annotated whether the task type's {@code @RunWithLock(onCollision = ...)} chose it
     * @param onCollisionKey the {@code on-collision} key that applies to the task: its section's when the section
     *     chose the policy, else {@code kart.lock.on-collision}
     */
    private record CollisionChoice(CollisionPolicy policy, Optional<String> failOnCollisionKey, boolean annotated,
            String onCollisionKey) {
    }

    /**
     * The one precedence of collision policies, first match winning: the task's section ({@code fail-on-collision}
     * over {@code on-collision}), the task type's annotation, {@code kart.lock} ({@code fail-on-collision} over
     * {@code on-collision}). Both the policy applied and the one advice assumes without a key come from here, so
     * that they cannot disagree.
     *
     * @param settings the configuration: the loaded one, or one without a {@code fail-on-collision} key
     * @param section the task's section
     * @param type the task type
     */
    private static CollisionChoice collisionChoice(Config settings, String section, TaskType type) {
        if (settings.hasPath(section + ".on-collision") || settings.hasPath(section + ".fail-on-collision")) {
            return new CollisionChoice(KartSettings.collisionPolicy(settings, section),
                    failOnCollisionKey(settings, section), false, key(type.family(), "on-collision"));
        }
        if (type.annotatedCollisionPolicy().isPresent()) {
            return new CollisionChoice(type.annotatedCollisionPolicy().get(), Optional.empty(), true,
                    "kart.lock.on-collision");
        }
        return new CollisionChoice(KartSettings.collisionPolicy(settings, "kart.lock"),
                failOnCollisionKey(settings, "kart.lock"), false, "kart.lock.on-collision");
    }

    /**
     * @param settings the configuration
     * @param section {@code kart.lock} or a task's section, the one whose policy applies
     * @return its {@code fail-on-collision} key when that is set: it wins over the section's {@code on-collision}
     */
    private static Optional<String> failOnCollisionKey(Config settings, String section) {
        String key = section + ".fail-on-collision";
        return settings.hasPath(key) ? Optional.of(key) : Optional.empty();
    }

    /**
     * Checks one section: its name, its keys (the unknown one set first is refused) and their values.
     *
     * @return what refused it, if anything did
     */
    private Optional<Refusal> check(String name, ConfigValue value, ClassLoader classLoader) {
        String path = path(name);
        if (value.valueType() != ConfigValueType.OBJECT) {
            return Optional.of(new Refusal(value, path, ConfigValueError.of(value, path, "must be an object of parameters and"
                    + " settings, found " + ConfigValueError.described(value))));
        }
        TaskType type;
        try {
            type = TaskType.of(Class.forName(name, false, classLoader));
        } catch (ClassNotFoundException e) {
            return Optional.of(new Refusal(value, path, ConfigValueError.of(value, path, "names no task class " + name
                    + " on the class path; a section is keyed by the task's fully qualified class name"
                    + unquotedClassName(name, (ConfigObject) value, classLoader)
                            .or(() -> indexedTaskNear(name, classLoader)).orElse(""))));
        } catch (KartException e) {
            return Optional.of(new Refusal(value, path, ConfigValueError.of(value, path, "names a class that cannot be a task: "
                    + e.getMessage())));
        }
        Set<String> allowed = new TreeSet<>(SETTING_KEYS);
        // each parameter by both its names, as config accepts; the message lists the kebab-case one only
        List<String> parameterKeys = new ArrayList<>();
        for (TaskParameter parameter : type.parameters()) {
            allowed.add(parameter.name());
            allowed.add(KebabCase.of(parameter.name()));
            parameterKeys.add(KebabCase.of(parameter.name()));
        }
        Config section = config.getConfig(path);
        Refusal firstUnknown = null;
        for (Map.Entry<String, ConfigValue> entry : section.root().entrySet()) {
            String key = entry.getKey();
            if (!allowed.contains(key)) {
                String closest = EditDistance.nearest(key, allowed)
                        .map(candidate -> " (did you mean '" + key(name, candidate) + "'?)")
                        .orElse("");
                firstUnknown = Refusal.earlier(firstUnknown, new Refusal(entry.getValue(), key(name, key), new KartConfigException(
                        "unknown config key '" + key(name, key) + "' (" + ConfigOrigins.keyOrigin(entry.getValue(),
                        key(name, key)) + "): task " + name + " has no parameter of that name" + closest
                        + "; its parameters: " + parameterKeys + ", the settings a section may hold: "
                        + new TreeSet<>(SETTING_KEYS))));
            }
        }
        if (firstUnknown != null) {
            return Optional.of(firstUnknown);
        }
        try {
            settings(type);
        } catch (KartConfigException e) {
            return Optional.of(new Refusal(value, path, e));
        }
        typesWithSections.add(type);
        return Optional.empty();
    }

    /**
     * A class name written without the quotes HOCON needs reads as nested sections:
     * {@code kart.tasks.pkg.Task.x} is {@code kart.tasks."pkg" { Task { x } }}. When the words of the
     * nesting spell a task class, the hint shows the key written with the name quoted.
     */
    private static Optional<String> unquotedClassName(String first, ConfigObject section, ClassLoader classLoader) {
        String name = first;
        ConfigObject object = section;
        while (object.size() == 1) {
            Map.Entry<String, ConfigValue> only = object.entrySet().iterator().next();
            name = name + "." + only.getKey();
            if (!(only.getValue() instanceof ConfigObject inner)) {
                return Optional.empty();
            }
            object = inner;
            Optional<Class<?>> found = taskClass(name, classLoader);
            if (found.isPresent()) {
                String quoted = path(name);
                Map.Entry<String, ConfigValue> example = inner.entrySet().stream().findFirst().orElse(null);
                String written = example == null ? quoted + " { ... }" : quoted + "." + example.getKey();
                boolean commandLine = example != null && example.getValue().origin().filename() == null
                        && example.getValue().origin().url() == null;
                String value = example == null ? "" : example.getValue().render(ConfigRenderOptions.concise());
                return Optional.of(". It reads as nested sections because the class name is not quoted; write it as "
                        + (commandLine ? "-D '" + written + "=" + unquoted(value) + "'" : written + " = " + value));
            }
        }
        return Optional.empty();
    }

    /**
     * The tasks the class path's task indexes list ({@link TaskIndexFile}) that {@code name} may have
     * meant: those whose simple name is its simple name, else the one whose name is a slip of it
     * ({@link EditDistance#nearest}), else those whose simple name is a slip of its simple name. Read
     * only for this message: a section naming a task costs no index.
     */
    private static Optional<String> indexedTaskNear(String name, ClassLoader classLoader) {
        Set<String> indexed;
        try {
            indexed = TaskIndexFile.entries(classLoader);
        } catch (UncheckedIOException e) {
            // the message goes out without a suggestion rather than with this one's error
            return Optional.empty();
        }
        String simpleName = simpleName(name);
        List<String> meant = withSimpleName(indexed, simpleName);
        if (meant.isEmpty()) {
            meant = EditDistance.nearest(name, indexed).map(List::of).orElse(List.of());
        }
        if (meant.isEmpty()) {
            List<String> simpleNames = indexed.stream().map(TaskSections::simpleName).toList();
            meant = EditDistance.nearest(simpleName, simpleNames).map(nearest -> withSimpleName(indexed, nearest))
                    .orElse(List.of());
        }
        if (meant.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(meant.stream().map(task -> "'" + path(task) + "'")
                .collect(Collectors.joining(" or ", " (did you mean ", "?)")));
    }

    private static List<String> withSimpleName(Set<String> tasks, String simpleName) {
        return tasks.stream().filter(task -> simpleName(task).equals(simpleName)).toList();
    }

    /** @return a binary class name's last part: {@code Greet} of {@code hello.Greet} and of {@code hello.Tasks$Greet} */
    private static String simpleName(String binaryName) {
        return binaryName.substring(Math.max(binaryName.lastIndexOf('.'), binaryName.lastIndexOf('$')) + 1);
    }

    private static String unquoted(String rendered) {
        return rendered.length() > 1 && rendered.startsWith("\"") && rendered.endsWith("\"")
                ? rendered.substring(1, rendered.length() - 1) : rendered;
    }

    /**
     * @param name a binary class name, such as {@code a.B} or {@code a.Tasks$B}
     * @param classLoader where task classes are found
     * @return the task class of that name, not initialized; empty when there is none, or it is no task
     */
    static Optional<Class<?>> taskClass(String name, ClassLoader classLoader) {
        try {
            Class<?> found = Class.forName(name, false, classLoader);
            return Task.class.isAssignableFrom(found) ? Optional.of(found) : Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * @param family a task class's binary name
     * @return the config path of its section, the name quoted: {@code kart.tasks."a.B"}
     */
    static String path(String family) {
        return "kart.tasks." + ConfigUtil.quoteString(family);
    }

    /**
     * @param family a task class's binary name
     * @param key a key of its section
     * @return the key's full path, the key quoted only where HOCON needs it, as the section's other keys
     *     ({@code retry-delay}) are written: {@code kart.tasks."a.B".min-count}, {@code kart.tasks."a.B"."x.y"}
     */
    public static String key(String family, String key) {
        return path(family) + "." + ConfigUtil.joinPath(key);
    }
}
