package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A top-level key of application.conf that looks like kart's but is not under kart is warned about. */
class KartKeyNearMissesTest {
    @TempDir
    Path classes;

    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.kart.config");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void aNearMissOfAKartKeyIsWarnedAboutWithTheFileLineAndLikelyKey() throws IOException {
        Path application = Files.writeString(classes.resolve("application.conf"),
                "karts {\n  workers = 2\n}\nkart_workers = 3\nKart.retry.count = 1\nkart.workers = 1\n");

        load();

        assertThat(warnings()).containsExactlyInAnyOrder(
                "config key 'karts' (" + application + ", line 1) is not under 'kart', so kart does not read it; did you"
                        + " mean 'kart.workers'?",
                "config key 'kart_workers' (" + application + ", line 4) is not under 'kart', so kart does not read it;"
                        + " did you mean 'kart.workers'?",
                "config key 'Kart' (" + application + ", line 5) is not under 'kart', so kart does not read it; did you"
                        + " mean 'kart.retry.count'?");
    }

    @Test
    void kartWithTwoLettersSwappedIsANearMiss() throws IOException {
        Path application = Files.writeString(classes.resolve("application.conf"), "krat.workers = 2\n");

        load();

        assertThat(warnings()).containsExactly("config key 'krat' (" + application + ", line 1) is not under 'kart',"
                + " so kart does not read it; did you mean 'kart.workers'?");
    }

    /** The line to look at is where the misspelt key is written, not that of the first key inside its block. */
    @Test
    void aMisspeltSectionWrittenAsABlockIsPlacedAtItsOwnLine() throws IOException {
        Path application = Files.writeString(classes.resolve("application.conf"),
                "# the build's settings\nkrat {\n  # two at once\n  workers = 2\n}\n");

        load();

        assertThat(warnings()).containsExactly("config key 'krat' (" + application + ", line 2) is not under 'kart',"
                + " so kart does not read it; did you mean 'kart.workers'?");
    }

    /**
     * A block of several keys, and the same misspelt key again lower down, are one key 'krat': the warning names
     * every key it stands for, in the file's order, the first being the one at the line it names.
     */
    @Test
    void aMisspeltSectionHoldingSeveralKeysNamesEachInTheFilesOrder() throws IOException {
        Path application = Files.writeString(classes.resolve("application.conf"),
                "krat { workers = 2, retry { count = 3 } }\n\n\n\nkrat.lock.ttl = 5s\n");

        load();

        assertThat(warnings()).containsExactly("config key 'krat' (" + application + ", line 1) is not under 'kart',"
                + " so kart does not read it; did you mean 'kart.retry.count', 'kart.workers' and 'kart.lock.ttl'?");
    }

    @Test
    void anApplicationsOwnTopLevelKeysAreLeftAlone() throws IOException {
        Files.writeString(classes.resolve("application.conf"),
                "cart { items = 3 }\nkarting = yes\nkart_mode = fast\ndatabase.url = \"x\"\n");

        load();

        assertThat(warnings()).isEmpty();
    }

    @Test
    void theConfigFileIsCheckedToo() throws IOException {
        Path file = Files.writeString(classes.resolve("site.conf"), "kart-retry-count = 2\n");

        try (URLClassLoader loader = loader()) {
            KartConfigLoader.load(loader, Optional.of(file), ConfigFactory.empty());
        }

        assertThat(warnings()).containsExactly("config key 'kart-retry-count' (" + file + ", line 1) is not under"
                + " 'kart', so kart does not read it; did you mean 'kart.retry.count'?");
    }

    @Test
    void theConfigFilesGokartNamesAreWarnedAboutButNotThoseOfApplicationConf() throws IOException {
        Files.writeString(classes.resolve("application.conf"), "retry_count = 4\n");
        Path file = Files.writeString(classes.resolve("site.conf"), "should_lock_run = true\nredis_timeout = 180\n");

        try (URLClassLoader loader = loader()) {
            KartConfigLoader.load(loader, Optional.of(file), ConfigFactory.empty());
        }

        // application.conf's top-level keys may be the application's own settings of those names
        assertThat(warnings()).containsExactlyInAnyOrder("config key 'should_lock_run' (" + file + ", line 1) is not"
                + " under 'kart', so kart does not read it; did you mean 'kart.lock.run-all'?", "config key"
                + " 'redis_timeout' (" + file + ", line 2) is not under 'kart', so kart does not read it; did you mean"
                + " 'kart.lock.ttl'?");
    }

    /** Typesafe Config keeps a file's keys in a hash map: the warnings are put back in the file's order. */
    @Test
    void theWarningsAboutAFileComeInItsLinesOrderThenThoseOfDByName() throws IOException {
        Path file = Files.writeString(classes.resolve("site.conf"), "kart_workers = 3\nredis_timeout = 180\n"
                + "karts { durable = false }\nkart-lock-ttl = 10s\nkart_task_timeout = 1h\nkat.workspace = x\n"
                + "retry_count = 2\nshould_lock_run = true\n");
        String notRead = " is not under 'kart', so kart does not read it; did you mean ";

        try (URLClassLoader loader = loader()) {
            KartConfigLoader.load(loader, Optional.of(file), ConfigFactory.parseMap(java.util.Map.of("retry_delay", "5s",
                    "kart_durable", "true", "Kart.workers", "2"), "the command line"));
        }

        assertThat(warnings()).containsExactly(
                "config key 'kart_workers' (" + file + ", line 1)" + notRead + "'kart.workers'?",
                "config key 'redis_timeout' (" + file + ", line 2)" + notRead + "'kart.lock.ttl'?",
                "config key 'karts' (" + file + ", line 3)" + notRead + "'kart.durable'?",
                "config key 'kart-lock-ttl' (" + file + ", line 4)" + notRead + "'kart.lock.ttl'?",
                "config key 'kart_task_timeout' (" + file + ", line 5)" + notRead + "'kart.task-timeout'?",
                "config key 'kat' (" + file + ", line 6)" + notRead + "'kart.workspace'?",
                "config key 'retry_count' (" + file + ", line 7)" + notRead + "'kart.retry.count'?",
                "config key 'should_lock_run' (" + file + ", line 8)" + notRead + "'kart.lock.run-all'?",
                "config key 'Kart' (the command line)" + notRead + "'kart.workers'?",
                "config key 'kart_durable' (the command line)" + notRead + "'kart.durable'?",
                "config key 'retry_delay' (the command line)" + notRead + "'kart.retry.delay'?");
    }

    private void load() throws IOException {
        try (URLClassLoader loader = loader()) {
            KartConfigLoader.load(loader, Optional.empty(), ConfigFactory.empty());
        }
    }

    private URLClassLoader loader() throws IOException {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    private List<String> warnings() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
