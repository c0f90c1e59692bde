package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import dev.kart.config.KartConfigException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A section of the loaded configuration, as plug-ins read it. */
class TypesafeConfigSectionTest {
    @Test
    void onlyAValueOfAReferenceConfAloneIsADefault(@TempDir Path classes) throws Exception {
        Files.writeString(classes.resolve("reference.conf"), "kart.x { port = 6379, host = h, delay = 5, timeout = 2 }\n");
        Files.writeString(classes.resolve("application.conf"), "kart.x.host = other\nkart.x.delay = ${kart.x.delay}0\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            Config reference = ConfigFactory.parseResources(loader, "reference.conf");
            Config config = ConfigFactory.parseResources(loader, "application.conf")
                    .withFallback(ConfigFactory.parseString("kart.x.timeout = 3",
                            ConfigParseOptions.defaults().setOriginDescription("the command line")))
                    .withFallback(reference).resolve();
            TypesafeConfigSection section = TypesafeConfigSection.of(config, "kart.x");

            assertThat(section.isDefault("port")).as("set by the reference.conf alone").isTrue();
            assertThat(section.isDefault("host")).as("application.conf's").isFalse();
            assertThat(section.isDefault("delay")).as("merged from the default and application.conf").isFalse();
            assertThat(section.isDefault("timeout")).as("the command line's").isFalse();
            assertThat(section.isDefault("missing")).isFalse();
        }
    }

    /** A list written over several lines has each entry at its own line; one written on a line, or as a string, not. */
    @Test
    void anEntryOfAListWrittenOverSeveralLinesIsPlacedAtItsOwnLine() {
        Config config = ConfigFactory.parseString("kart.x {\n  nodes = [\n    \"a:1\",\n\n    \":2\"\n  ]\n"
                + "  one = [\"a:1\", \":2\"]\n  text = \"a:1,:2\"\n}\n",
                ConfigParseOptions.defaults().setOriginDescription("s3.conf"));
        TypesafeConfigSection section = TypesafeConfigSection.of(config, "kart.x");

        assertThat(section.origin("nodes", 1)).isEqualTo("s3.conf, line 5");
        assertThat(section.origin("nodes", 0)).isEqualTo("s3.conf, line 3");
        assertThat(section.origin("one", 1)).isEqualTo("s3.conf, line 7");
        assertThat(section.origin("text", 1)).as("the key's own").isEqualTo(section.origin("text"));
        assertThat(section.origin("nodes", 9)).as("no such entry").isEqualTo(section.origin("nodes"));
    }

    /** A plug-in's section says what a key takes, as the runtime's keys do. */
    @Test
    void aMalformedNumberOrDurationSaysWhatWasExpected() {
        Config config = ConfigFactory.parseString("kart.x { pool = 1.5, timeout = abc }",
                ConfigParseOptions.defaults().setOriginDescription("the command line"));
        TypesafeConfigSection section = TypesafeConfigSection.of(config, "kart.x");

        assertThatThrownBy(() -> section.getInt("pool")).isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.x.pool' (the command line, line 1) is 1.5, expected a whole number");
        assertThatThrownBy(() -> section.getDuration("timeout")).isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.x.timeout' (the command line, line 1) is 'abc', expected a duration such as 30s or"
                        + " 5m (units: ns, us, ms, s, m, h, d)");
    }
}
