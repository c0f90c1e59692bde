package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.kart.config.KartConfigException;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KartConfigLoaderTest {
    private static final String QUOTED = "kart.tasks.\"com.acme.Report\".top";

    @Test
    void aSystemPropertyUnderTaskSectionsIsRefusedNamingItAndWhereToGiveItInstead() {
        assertThatThrownBy(() -> KartConfigLoader.refuseTaskSections(properties(QUOTED, "3")))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("JVM system property 'kart.tasks.\"com.acme.Report\".top' (java -D..., as in JAVA_OPTS or"
                        + " JAVA_TOOL_OPTIONS) sets a key of a task section, which a system property cannot: Typesafe"
                        + " Config splits a system property's name at every dot and reads no quotes, so it names no"
                        + " task class. Give it with kart's own -D instead (kart run TASK -D"
                        + " 'kart.tasks.\"com.acme.Report\".top=3'), in application.conf, or in a file given with"
                        + " --config");
        // the shell took the quotes away, or none were written: where the class name ends cannot be told
        assertThatThrownBy(() -> KartConfigLoader.refuseTaskSections(properties("kart.tasks.com.acme.Report.top", "3")))
                .hasMessageStartingWith("JVM system property 'kart.tasks.com.acme.Report.top' (java -D...")
                .hasMessageContaining("(kart run TASK -D 'kart.tasks.\"CLASS\".KEY=VALUE')");
        Properties two = properties(QUOTED, "3");
        two.setProperty("kart.tasks.a.B.x", "1");
        assertThatThrownBy(() -> KartConfigLoader.refuseTaskSections(two))
                .hasMessageStartingWith("JVM system properties 'kart.tasks.\"com.acme.Report\".top', 'kart.tasks.a.B.x'"
                        + " (java -D..., as in JAVA_OPTS or JAVA_TOOL_OPTIONS) set keys of a task section");
    }

    @Test
    void otherSystemPropertiesOfKartsAreLeftToTheConfiguration() {
        assertThatCode(() -> KartConfigLoader.refuseTaskSections(properties("kart.workers", "4")))
                .doesNotThrowAnyException();
        assertThatCode(() -> KartConfigLoader.refuseTaskSections(properties("kart.tasks", "{}")))
                .doesNotThrowAnyException();
    }

    @Test
    void loadingTheConfigurationChecksTheJvmsSystemProperties() {
        System.setProperty(QUOTED, "3");
        ConfigFactory.invalidateCaches();
        try {
            assertThatThrownBy(() -> KartConfigLoader.load(getClass().getClassLoader(), Optional.empty(),
                    ConfigFactory.empty())).isInstanceOf(KartConfigException.class)
                    .hasMessageStartingWith("JVM system property 'kart.tasks.\"com.acme.Report\".top'");
        } finally {
            System.clearProperty(QUOTED);
            ConfigFactory.invalidateCaches();
        }
        Config loaded = KartConfigLoader.load(getClass().getClassLoader(), Optional.empty(), ConfigFactory.empty());
        assertThat(loaded.hasPath("kart.workers")).isTrue();
    }

    private static Properties properties(String name, String value) {
        Properties properties = new Properties();
        properties.setProperty(name, value);
        return properties;
    }
}
