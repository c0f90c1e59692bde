/**
 * kart's runtime. Applications see one package, {@code dev.kart.core} ({@code Kart}, its builder,
 * build options, listener and report); everything else is internal: exported only to the
 * {@code kart} command and the benchmarks, and opened to Guice, which assembles it.
 */
module dev.kart.core {
    requires transitive dev.kart.api;
    // Kart.Builder.config(Config) takes a Typesafe Config
    requires transitive typesafe.config;
    requires com.google.guice;
    requires jakarta.inject;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires org.apache.commons.csv;
    requires org.slf4j;

    exports dev.kart.core;
    exports dev.kart.core.internal.cache to dev.kart.cli, dev.kart.bench;
    exports dev.kart.core.internal.config to dev.kart.cli, dev.kart.bench;
    exports dev.kart.core.internal.failure to dev.kart.cli;
    exports dev.kart.core.internal.graph to dev.kart.cli, dev.kart.bench;
    exports dev.kart.core.internal.identity to dev.kart.cli, dev.kart.bench;
    exports dev.kart.core.internal.info to dev.kart.cli;
    exports dev.kart.core.internal.json to dev.kart.cli;
    exports dev.kart.core.internal.inject to dev.kart.cli, dev.kart.bench;
    exports dev.kart.core.internal.lock to dev.kart.cli, dev.kart.bench;
    exports dev.kart.core.internal.model to dev.kart.cli, dev.kart.bench;
    exports dev.kart.core.internal.parameter to dev.kart.cli, dev.kart.bench;
    exports dev.kart.core.internal.schedule to dev.kart.cli;
    exports dev.kart.core.internal.storage to dev.kart.cli, dev.kart.bench;

    opens dev.kart.core to com.google.guice;
    opens dev.kart.core.internal.cache to com.google.guice;
    opens dev.kart.core.internal.config to com.google.guice;
    opens dev.kart.core.internal.format to com.google.guice;
    opens dev.kart.core.internal.graph to com.google.guice;
    opens dev.kart.core.internal.info to com.google.guice;
    opens dev.kart.core.internal.inject to com.google.guice;
    opens dev.kart.core.internal.parameter to com.google.guice;
    opens dev.kart.core.internal.schedule to com.google.guice;

    uses dev.kart.format.Format;
    uses dev.kart.lock.LockBackendProvider;
    uses dev.kart.storage.StorageProvider;

    // the local file system, scheme file: the default workspace
    provides dev.kart.storage.StorageProvider with dev.kart.core.internal.storage.LocalFileStorageProvider;
}
