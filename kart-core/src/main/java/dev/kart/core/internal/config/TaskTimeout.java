package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/**
 * How long one attempt's {@code run()} may take before it is interrupted, and the config key that
 * set the limit, so that a timed-out task's error names the key to change. Immutable.
 *
 * @param limit the limit, positive
 * @param configKey the key that set it: {@code kart.task-timeout} or a task section's
 *     {@code task-timeout}
 */
public record TaskTimeout(Duration limit, String configKey) {

    /**
     * @param config the loaded configuration
     * @param path {@code kart.task-timeout} or a task section's {@code task-timeout}
     * @return the limit there; empty when the key is null or absent (no limit)
     * @throws dev.kart.config.KartConfigException when the value is not a positive duration
     */
    static Optional<TaskTimeout> read(Config config, String path) {
        return Settings.optionalPositiveDuration(config, path).map(limit -> new TaskTimeout(limit, path));
    }
}
