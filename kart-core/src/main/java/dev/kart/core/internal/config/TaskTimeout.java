package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long one attempt's {@code run()} may take before it is interrupted, with the config key that
 * set the limit and the value as the user wrote it, so that a timed-out task's error names the key to
 * change and quotes the value they set ({@code kart.task-timeout = 60s}, not the {@code 1m} it equals). Immutable.
 *
 * @param setting the limit, positive, with its key: {@code kart.task-timeout} or a task section's
 *     {@code task-timeout}
 */
public record TaskTimeout(DurationSetting setting) {
    /** Checks that the setting is there. */
    public TaskTimeout {
        Objects.requireNonNull(setting, "setting");
    }

    /** @return the limit */
    public Duration limit() {
        return setting.value();
    }

    /**
     * @param config the loaded configuration
     * @param path {@code kart.task-timeout} or a task section's {@code task-timeout}
     * @return the limit there; empty when the key is null or absent (no limit)
     * @throws dev.kart.config.KartConfigException when the value is not a positive duration
     */
    static Optional<TaskTimeout> read(Config config, String path) {
        Optional<Duration> limit = Settings.optionalPositiveDuration(config, path);
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> written = Settings.written(config, path, Settings.SetIn.NOT_KARTS_DEFAULTS);
        return Optional.of(new TaskTimeout(new DurationSetting(path, limit.get(), written)));
    }
}
