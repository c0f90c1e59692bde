package dev.kart.bench.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes a JVM loaded, read from its {@code -Xlog:class+load=info:file=FILE} log, counted in
 * total and by the libraries issue 14 names (what a cached {@code kart run} should not need).
 * Immutable.
 *
 * @param total every class loaded, the JDK's included (from the CDS archive or not)
 * @param byGroup per group key (such as {@code jackson}), how many of its classes loaded
 */
record LoadedClasses(int total, Map<String, Integer> byGroup) {
    private static final String MARK = "[class,load] ";
    /** Result key per group, and the package prefixes that count for it. */
    private static final Map<String, List<String>> GROUPS = groups();

    LoadedClasses {
        byGroup = Map.copyOf(byGroup);
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("jackson_classes", List.of("com.fasterxml.jackson."));
        // logback with its XML configurator and the JDK's XML parser it brings in
        groups.put("logback_xml_classes", List.of("ch.qos.logback.", "org.xml.sax.", "javax.xml.", "jdk.xml.",
                "com.sun.org.apache.xerces.", "com.sun.org.apache.xml.", "com.sun.xml."));
        groups.put("guice_guava_classes", List.of("com.google.inject.", "com.google.common."));
        groups.put("config_classes", List.of("com.typesafe.config."));
        groups.put("classgraph_classes", List.of("io.github.classgraph.", "nonapi.io.github.classgraph."));
        groups.put("redis_classes", List.of("redis.clients.", "org.redisson.", "io.netty.", "reactor.", "io.reactivex."));
        groups.put("picocli_classes", List.of("picocli."));
        groups.put("kart_classes", List.of("dev.kart."));
        return groups;
    }

    /** @return the result keys of the groups, in order */
    static List<String> keys() {
        return List.copyOf(GROUPS.keySet());
    }

    /**
     * @param log the file the JVM logged class loading to
     * @return its counts
     * @throws UncheckedIOException when it cannot be read
     */
    static LoadedClasses read(Path log) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        GROUPS.keySet().forEach(key -> counts.put(key, 0));
        int total = 0;
        try {
            for (String line : Files.readAllLines(log)) {
                int mark = line.indexOf(MARK);
                if (mark < 0) {
                    continue;
                }
                total++;
                String name = line.substring(mark + MARK.length()).split(" ", 2)[0];
                GROUPS.forEach((key, prefixes) -> {
                    if (prefixes.stream().anyMatch(name::startsWith)) {
                        counts.merge(key, 1, Integer::sum);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class-loading log " + log, e);
        }
        return new LoadedClasses(total, counts);
    }
}
