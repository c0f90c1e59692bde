package dev.kart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveRecordingTest {

    @Test
    void everyListedClassIsOnKartsClassPathSoThatTheRecordingRunPutsItInTheArchive() throws IOException {
        List<String> listed = listedClasses();

        int loaded = ArchiveRecording.loadListedClasses();

        assertThat(listed).as("the Jedis binding's classes and the JDK's sockets").hasSizeGreaterThan(400)
                .contains("redis.clients.jedis.Connection", "dev.kart.lock.redis.jedis.internal.JedisLockClient",
                        "org.apache.commons.pool2.impl.GenericObjectPool", "java.net.Socket")
                .doesNotHaveDuplicates()
                .noneMatch(name -> name.contains("$$Lambda") || name.contains("/"));
        List<String> missing = listed.stream().filter(name -> !found(name)).toList();
        assertThat(missing).as("a class of kart's jar no longer found (renamed by an upgrade of Jedis, say) is passed"
                + " over: the list must be derived again, as its header says; the JDK's names are JDK 17's")
                .allMatch(name -> name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.")
                        || name.startsWith("sun."));
        assertThat(loaded).isEqualTo(listed.size() - missing.size());
    }

    @Test
    void onlyTheRunThatBinKartTellsLoadsThem() {
        assertThat(System.getProperty(ArchiveRecording.PROPERTY)).as("set by bin/kart only").isNull();
        assertThat(ArchiveRecording.underWay()).isFalse();
    }

    private static boolean found(String name) {
        try {
            Class.forName(name, false, ArchiveRecordingTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static List<String> listedClasses() throws IOException {
        try (InputStream in = ArchiveRecording.class.getResourceAsStream(ArchiveRecording.CLASSES)) {
            assertThat(in).as(ArchiveRecording.CLASSES + " beside the class").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }
}
