package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
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
        Path application = loadApplicationConf(
                "karts {\n  workers = 2\n}\nkart_workers = 3\nKart.retry.count = 1\nkart.workers = 1\n");

        assertThat(warnings()).containsExactlyInAnyOrder(
                "config key 'karts' (" + application + ", line 1) is not under 'kart', so kart does not read it; did you"
                        + " mean 'kart.workers'?",
                notUnderKart("kart_workers", application, 4, "'kart.workers'"),
                notUnderKart("Kart", application, 5, "'kart.retry.count'"));
    }

    @Test
    void kartWithTwoLettersSwappedIsANearMiss() throws IOException {
        Path application = loadApplicationConf("krat.workers = 2\n");

        assertThat(warnings()).containsExactly(notUnderKart("krat", application, 1, "'kart.workers'"));
    }

    /** The line to look at is where the misspelt key is written, not that of the first key inside its block. */
    @Test
    void aMisspeltSectionWrittenAsABlockIsPlacedAtItsOwnLine() throws IOException {
        Path application = loadApplicationConf("# the build's settings\nkrat {\n  # two at once\n  workers = 2\n}\n");

        assertThat(warnings()).containsExactly(notUnderKart("krat", application, 2, "'kart.workers'"));
    }

    /**
     * A block of several keys, and the same misspelt key again lower down, are one key 'krat': the warning names
     * every key it stands for, in the file's order, the first being the one at the line it names.
     */
    @Test
    void aMisspeltSectionHoldingSeveralKeysNamesEachInTheFilesOrder() throws IOException {
        Path application = loadApplicationConf("krat { workers = 2, retry { count = 3 } }\n\n\n\nkrat.lock.ttl = 5s\n");

        assertThat(warnings()).containsExactly(notUnderKart("krat", application, 1,
                "'kart.retry.count', 'kart.workers' and 'kart.lock.ttl'"));
    }

    @Test
    void anApplicationsOwnTopLevelKeysAreLeftAlone() throws IOException {
        loadApplicationConf("cart { items = 3 }\nkarting = yes\nkart_mode = fast\ndatabase.url = \"x\"\n");

        assertThat(warnings()).isEmpty();
    }

    @Test
    void theConfigFileIsCheckedToo() throws IOException {
        Path file = loadConfigFile("kart-retry-count = 2\n", ConfigFactory.empty());

        assertThat(warnings()).containsExactly(notUnderKart("kart-retry-count", file, 1, "'kart.retry.count'"));
    }

    @Test
    void theConfigFilesGokartNamesAreWarnedAboutButNotThoseOfApplicationConf() throws IOException {
        Files.writeString(classes.resolve("application.conf"), "retry_count = 4\n");
        Path file = loadConfigFile("should_lock_run = true\nredis_timeout = 180\n", ConfigFactory.empty());

        // application.conf's top-level keys may be the application's own settings of those names
        assertThat(warnings()).containsExactlyInAnyOrder(
                notUnderKart("should_lock_run", file, 1, "'kart.lock.run-all'"),
                notUnderKart("redis_timeout", file, 2, "'kart.lock.ttl'"));
    }

    /** Typesafe Config keeps a file's keys in a hash map: the warnings are put back in the file's order. */
    @Test
    void theWarningsAboutAFileComeInItsLinesOrderThenThoseOfDByName() throws IOException {
        Config commandLine = ConfigFactory.parseMap(java.util.Map.of("retry_delay", "5s", "kart_durable", "true",
                "Kart.workers", "2"), "the command line");
        Path file = loadConfigFile("kart_workers = 3\nredis_timeout = 180\n"
                + "karts { durable = false }\nkart-lock-ttl = 10s\nkart_task_timeout = 1h\nkat.workspace = x\n"
                + "retry_count = 2\nshould_lock_run = true\n", commandLine);
        String notRead = " is not under 'kart', so kart does not read it; did you mean ";

        assertThat(warnings()).containsExactly(
                notUnderKart("kart_workers", file, 1, "'kart.workers'"),
                notUnderKart("redis_timeout", file, 2, "'kart.lock.ttl'"),
                notUnderKart("karts", file, 3, "'kart.durable'"),
                notUnderKart("kart-lock-ttl", file, 4, "'kart.lock.ttl'"),
                notUnderKart("kart_task_timeout", file, 5, "'kart.task-timeout'"),
                notUnderKart("kat", file, 6, "'kart.workspace'"),
                notUnderKart("retry_count", file, 7, "'kart.retry.count'"),
                notUnderKart("should_lock_run", file, 8, "'kart.lock.run-all'"),
                "config key 'Kart' (the command line)" + notRead + "'kart.workers'?",
                "config key 'kart_durable' (the command line)" + notRead + "'kart.durable'?",
                "config key 'retry_delay' (the command line)" + notRead + "'kart.retry.delay'?");
    }

    /**
     * Writes application.conf to the class path and loads kart's config with no config file.
     *
     * @param text the file's content
     * @return the file, as the warnings name it
     */
    private Path loadApplicationConf(String text) throws IOException {
        Path application = Files.writeString(classes.resolve("application.conf"), text);
        try (URLClassLoader loader = loader()) {
            KartConfigLoader.load(loader, Optional.empty(), ConfigFactory.empty());
        }
        return application;
    }

    /**
     * Writes site.conf beside the class path and loads kart's config with it as the config file ({@code --config}).
     *
     * @param text the file's content
     * @param overrides what the command line sets over the file
     * @return the file, as the warnings name it
     */
    private Path loadConfigFile(String text, Config overrides) throws IOException {
        Path file = Files.writeString(classes.resolve("site.conf"), text);
        try (URLClassLoader loader = loader()) {
            KartConfigLoader.load(loader, Optional.of(file), overrides);
        }
        return file;
    }

    /** The warning about a top-level {@code key} at {@code line} of {@code file}; {@code likely} quoted as it quotes them. */
    private static String notUnderKart(String key, Path file, int line, String likely) {
        return "config key '" + key + "' (" + file + ", line " + line + ") is not under 'kart', so kart does not read it;"
                + " did you mean " + likely + "?";
    }

    private URLClassLoader loader() throws IOException {
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }

    private List<String> warnings() {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
