package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** What a key of kart's takes is read from its default in reference.conf, not from what the JVM was started with. */
class KeyExpectationsTest {
    /**
     * JAVA_OPTS=-Dkart.workers=4 sets the system property kart.workers to the text "4": the key still takes a number,
     * so -D kart.workers='' is not advised to write -D kart.workers="", which kart would refuse.
     */
    @Test
    void aSystemPropertySettingAKeyDoesNotMakeItFreeText() {
        String before = System.getProperty("kart.workers");
        System.setProperty("kart.workers", "4");
        ConfigFactory.invalidateCaches();
        try {
            assertThat(KeyExpectations.of("kart.workers"))
                    .contains(new KeyExpectations.Expectation("a number", false, false));
        } finally {
            if (before == null) {
                System.clearProperty("kart.workers");
            } else {
                System.setProperty("kart.workers", before);
            }
            ConfigFactory.invalidateCaches();
        }
    }
}
