package dev.kart.core.internal.config;

import com.typesafe.config.Config;
import dev.kart.internal.text.DurationText;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A configured duration beside its key and, when the user set it, the text they wrote, so that a message quotes it
 * back as they wrote it: {@code kart.lock.wait-timeout = 60s}, not the {@code 1m} kart would write; a task jar's
 * reference.conf counts as written too ({@code kart.tasks."com.acme.Report".retry-delay = 90s}), as the user can find
 * and change it there. A value left at kart's own reference.conf default has no text and is quoted as kart words a
 * duration ({@code 10m}). Immutable.
 *
 * @param key the full config key, such as {@code kart.interrupt-grace}
 * @param value the duration read from it
 * @param written its value as the user wrote it ({@code 90s}, {@code PT90S}), stripped; empty for kart's default or
 *     a value that was no text (a bare {@code 0})
 */
public record DurationSetting(String key, Duration value, Optional<String> written) {
    /** Checks that nothing is null and that the text, when there is one, is not blank. */
    public DurationSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        // plain code, no method reference: every start reads three of these, and linking a call site costs more
        if (Objects.requireNonNull(written, "written").isPresent()) {
            if (written.get().isBlank()) {
                throw new IllegalArgumentException(key + ": the text as written must not be blank");
            }
            written = Optional.of(written.get().strip());
        }
    }

    /**
     * @param config the loaded configuration
     * @param path the key, holding a duration that may not be negative
     * @return the duration there with its text as written
     * @throws dev.kart.config.KartConfigException naming the key when the value is no duration or is negative
     */
    static DurationSetting read(Config config, String path) {
        return new DurationSetting(path, Settings.positiveDuration(config, path, true),
                Settings.written(config, path, Settings.SetIn.NOT_KARTS_DEFAULTS));
    }

    /** @return the value as a message quotes it: as the user wrote it, else as a config file writes it ({@code 10m}) */
    public String text() {
        return written.orElseGet(() -> DurationText.configValue(value));
    }

    /** @return the key and the value as a message quotes them: {@code kart.lock.wait-timeout = 90s} */
    public String setting() {
        return key + " = " + text();
    }
}
