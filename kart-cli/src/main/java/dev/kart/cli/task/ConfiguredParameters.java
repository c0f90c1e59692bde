package dev.kart.cli.task;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import dev.kart.config.KartConfigException;
import dev.kart.core.internal.config.ConfigOrigins;
import dev.kart.core.internal.config.KartSettings;
import dev.kart.core.internal.config.TaskSections;
import dev.kart.core.internal.inject.TaskClasses;
import dev.kart.core.internal.model.TaskParameter;
import dev.kart.core.internal.model.TaskType;
import dev.kart.core.internal.parameter.ParameterParser;
import dev.kart.core.internal.parameter.ParameterValueException;
import dev.kart.core.internal.parameter.TaskFactory;
import dev.kart.task.Task;
import java.util.Optional;

/**
 * What the configuration sets a task's parameters to ({@code kart.tasks."CLASS".NAME}), for
 * {@code kart run TASK --help}: a parameter not given on the command line takes that value, not its
 * default. A value the run would refuse (not of the parameter's type, or set under both spellings of
 * its name) is shown with the run's reason, so the help stays readable while the configuration is
 * being fixed. Immutable.
 */
public final class ConfiguredParameters {
    /** No configuration read: every parameter shows only its default. */
    public static final ConfiguredParameters NONE = new ConfiguredParameters(Optional.empty(), null);

    private static final ConfigRenderOptions AS_WRITTEN = ConfigRenderOptions.concise();

    private final Optional<Config> config;
    private final ClassLoader taskClasses;

    private ConfiguredParameters(Optional<Config> config, ClassLoader taskClasses) {
        this.config = config;
        this.taskClasses = taskClasses;
    }

    /**
     * @param config the loaded configuration, as a run would load it
     * @param taskClasses where the task classes its sections name are found
     * @return what it sets parameters to
     */
    public static ConfiguredParameters of(Config config, ClassLoader taskClasses) {
        return new ConfiguredParameters(Optional.of(config), taskClasses);
    }

    /**
     * Makes the task as a run would, without opening a runtime: the values given, then what the
     * configuration sets, then the defaults.
     *
     * @param invocation a task named on the command line, with the values given there
     * @return the task; empty when no configuration was read ({@link #NONE})
     * @throws ParameterValueException when a value is missing, does not parse or the task's record refuses it
     * @throws KartConfigException when the configuration is invalid
     */
    public Optional<Task<?>> task(TaskInvocation invocation) {
        if (config.isEmpty()) {
            return Optional.empty();
        }
        Config loaded = config.get();
        TaskFactory tasks = new TaskFactory(new TaskSections(loaded, KartSettings.from(loaded), new TaskClasses(taskClasses)));
        return Optional.of(tasks.create(invocation.type(), invocation.values()));
    }

    /**
     * @param type a task type
     * @param parameter one of its parameters
     * @return a sentence giving the value the configuration sets, as HOCON writes it, and where, such as
     *     {@code Config sets 20 (kart.tasks."dev.kart.examples.books.BookReport"."top", /etc/kart.conf,
     *     line 2), used when not given here.}, or saying why the run refuses what it sets; empty when
     *     it sets none
     */
    public Optional<String> describe(TaskType type, TaskParameter parameter) {
        if (config.isEmpty()) {
            return Optional.empty();
        }
        Config loaded = config.get();
        Optional<String> path;
        try {
            path = TaskSections.parameterPath(loaded, type, parameter);
        } catch (KartConfigException e) {
            return Optional.of("Config sets two values, which the run refuses: " + e.getMessage() + ".");
        }
        return path.map(key -> {
            String set = "Config sets " + loaded.getValue(key).render(AS_WRITTEN) + " (" + key + ", "
                    + ConfigOrigins.origin(loaded.getValue(key), key) + ")";
            try {
                ParameterParser.fromConfig(loaded.getValue(key).unwrapped(), parameter.type(),
                        "parameter '" + parameter.name() + "' of task " + type.family());
                return set + ", used when not given here.";
            } catch (ParameterValueException e) {
                return set + ", which the run refuses: " + e.getMessage() + ".";
            }
        });
    }
}
