package dev.kart.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kart.config.KartConfigException;
import dev.kart.storage.StorageProvider;
import dev.kart.storage.StorageUnreachableException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.kart.storage.s3.internal.S3Location;
import dev.kart.storage.s3.internal.S3Settings;
import dev.kart.storage.s3.internal.S3WorkspaceStorage;

/** Opening, before any server answers: discovery, URIs, settings, an unreachable endpoint. */
class S3StorageProviderTest {
    private final S3StorageProvider provider = new S3StorageProvider();

    @Test
    void isFoundByServiceLoaderForTheS3Scheme() {
        assertThat(ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(found -> {
                    assertThat(found).isInstanceOf(S3StorageProvider.class);
                    assertThat(found.scheme()).isEqualTo("s3");
                });
    }

    @Test
    void referenceConfHoldsEveryKeyWithUsableDefaults() {
        S3Settings settings = S3Settings.from(ReferenceSection.of());

        assertThat(settings.region()).isNull();
        assertThat(settings.endpoint()).isNull();
        assertThat(settings.pathStyleAccess()).isFalse();
        assertThat(settings.multipartThreshold()).isEqualTo(16L * 1024 * 1024);
        assertThat(settings.partSize()).isEqualTo(8L * 1024 * 1024);
        assertThat(settings.conditionalWrites()).isTrue();
        assertThat(settings.stagingDirectory()).isNull();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxConnections()).isEqualTo(32);
    }

    @Test
    void sizesTakeUnitsAndBadOnesNameTheKey() {
        assertThat(S3Settings.from(ReferenceSection.of("part-size = 512KiB", "multipart-threshold = 5MB")))
                .satisfies(s -> {
                    assertThat(s.partSize()).isEqualTo(512 * 1024);
                    assertThat(s.multipartThreshold()).isEqualTo(5_000_000);
                });
        assertThatThrownBy(() -> S3Settings.from(ReferenceSection.of("part-size = 8 parsecs")))
                .isInstanceOf(KartConfigException.class)
                .as("worded as kart's own config errors")
                .hasMessageStartingWith("config key 'kart.storage.s3.part-size' (")
                .hasMessageEndingWith(") is '8 parsecs', expected a size such as 8MiB, 512KiB or 1048576 (units: B, KiB,"
                        + " MiB, GiB, KB, MB, GB)");
        assertThatThrownBy(() -> S3Settings.from(ReferenceSection.of("max-connections = 0")))
                .isInstanceOf(KartConfigException.class)
                .hasMessageEndingWith(") is 0, expected at least 1");
        assertThatThrownBy(() -> S3Settings.from(ReferenceSection.of("endpoint = \"ftp://host\"")))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("kart.storage.s3.endpoint");
    }

    /** Refused before the store is asked anything, naming the key and what it takes. */
    @Test
    void aStagingDirectoryThatIsNoDirectoryIsAConfigErrorNamingTheKey(@TempDir Path directory) {
        Path missing = directory.resolve("missing");
        S3Settings settings = S3Settings.from(ReferenceSection.of("region = \"us-east-1\"",
                "staging-directory = \"" + missing.toString().replace("\\", "/") + "\""));

        assertThatThrownBy(() -> S3WorkspaceStorage.open(S3Location.parse(URI.create("s3://kart-bucket/p")), settings))
                .isInstanceOf(KartConfigException.class)
                .hasMessage("config key 'kart.storage.s3.staging-directory' is '" + missing + "', expected a writable"
                        + " directory where staged content can be written");
    }

    @Test
    void locationsAreBucketAndPrefix() {
        assertThat(S3Location.parse(URI.create("s3://my-bucket/a/b"))).isEqualTo(new S3Location("my-bucket", "a/b/"));
        assertThat(S3Location.parse(URI.create("s3://my-bucket"))).isEqualTo(new S3Location("my-bucket", ""));
        assertThat(S3Location.parse(URI.create("s3://my-bucket/a/")).uri()).isEqualTo(URI.create("s3://my-bucket/a/"));
        // a prefix's space and ? are quoted again, not taken for a query
        assertThat(S3Location.parse(URI.create("s3://my-bucket/my%20ws%3F")).uri().toString())
                .isEqualTo("s3://my-bucket/my%20ws%3F/");
    }

    /** The bucket of s3:/bucket is fine: what is missing is the //. */
    @Test
    void aMissingDoubleSlashIsSaidAsSuch() {
        for (String workspace : new String[] {"s3:/kart-demo/try", "s3:kart-demo"}) {
            assertThatThrownBy(() -> S3Location.parse(URI.create(workspace))).as(workspace)
                    .isInstanceOf(KartConfigException.class)
                    .hasMessage("workspace " + workspace + " has no // after s3:; expected s3://bucket/prefix");
        }
        assertThatThrownBy(() -> S3Location.parse(URI.create("s3:///try")))
                .hasMessage("workspace s3:///try names no bucket; expected s3://bucket/prefix");
    }

    @Test
    void anEmptySegmentAnywhereInThePrefixIsRefusedNamingTheValueButOneTrailingSlashIsNot() {
        for (String workspace : new String[] {"s3://my-bucket//p", "s3://my-bucket/a//b", "s3://my-bucket/p//",
                "s3://my-bucket//"}) {
            assertThatThrownBy(() -> S3Location.parse(URI.create(workspace))).as(workspace)
                    .isInstanceOf(KartConfigException.class)
                    .hasMessageStartingWith("workspace " + workspace + " (kart.workspace) has an empty segment (a doubled '/')");
        }
        assertThat(S3Location.parse(URI.create("s3://my-bucket/p/"))).isEqualTo(new S3Location("my-bucket", "p/"));
        assertThat(S3Location.parse(URI.create("s3://my-bucket/"))).isEqualTo(new S3Location("my-bucket", ""));
    }

    @Test
    void invalidLocationsFailAsConfigurationWithoutRepeatingCredentials() {
        assertThatThrownBy(() -> provider.open(URI.create("s3://AKIDEXAMPLE:wJalrXUtnFEMI@bucket/ws"), ReferenceSection.of()))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("default provider chain")
                .hasMessageNotContaining("wJalrXUtnFEMI")
                .hasMessageNotContaining("AKIDEXAMPLE");
        // a secret holding '/' ends the authority early: the key pair is then no user information to the URI
        assertThatThrownBy(() -> provider.open(URI.create("s3://AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCY@bucket/ws"),
                ReferenceSection.of()))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("s3://***@bucket/ws")
                .hasMessageNotContaining("wJalrXUtnFEMI")
                .hasMessageNotContaining("bPxRfiCY")
                .hasMessageNotContaining("AKIDEXAMPLE");
        assertThatThrownBy(() -> S3Settings.from(ReferenceSection.of("endpoint = \"localhost:9000\"")))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("localhost:9000")
                .hasMessageNotContaining("null");
        assertThatThrownBy(() -> provider.open(URI.create("s3://Bad_Bucket/ws"), ReferenceSection.of()))
                .isInstanceOf(KartConfigException.class)
                .hasMessageContaining("valid bucket");
        assertThatThrownBy(() -> provider.open(URI.create("s3://bucket/a/../b"), ReferenceSection.of()))
                .isInstanceOf(KartConfigException.class);
    }

    @Test
    void anEndpointNobodyListensOnFailsOpenAsUnreachableNamingIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> provider.open(URI.create("s3://kart-bucket/ws"),
                ReferenceSection.of("endpoint = \"" + endpoint + "\"", "path-style-access = true", "connect-timeout = 5s")))
                .isInstanceOf(StorageUnreachableException.class)
                .hasMessageContaining(endpoint)
                .hasMessageContaining("kart-bucket")
                .hasMessageContaining("kart.storage.s3.endpoint");
    }
}
