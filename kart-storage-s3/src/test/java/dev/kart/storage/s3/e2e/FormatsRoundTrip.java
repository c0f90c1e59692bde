package dev.kart.storage.s3.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kart.core.Kart;
import dev.kart.storage.s3.e2e.FormatTasks.Bytes;
import dev.kart.storage.s3.e2e.FormatTasks.BytesGz;
import dev.kart.storage.s3.e2e.FormatTasks.Csv;
import dev.kart.storage.s3.e2e.FormatTasks.CsvGz;
import dev.kart.storage.s3.e2e.FormatTasks.Json;
import dev.kart.storage.s3.e2e.FormatTasks.JsonGz;
import dev.kart.storage.s3.e2e.FormatTasks.Serial;
import dev.kart.storage.s3.e2e.FormatTasks.SerialGz;
import dev.kart.storage.s3.e2e.FormatTasks.Text;
import dev.kart.storage.s3.e2e.FormatTasks.TextGz;
import dev.kart.storage.s3.e2e.FormatTasks.Tsv;
import dev.kart.storage.s3.e2e.FormatTasks.TsvGz;
import dev.kart.task.Task;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Every output format kart ships (json, txt, bin, csv, tsv, ser, each also gzipped) round-trips
 * through an {@code s3://} workspace with the real runtime: one {@link Kart} builds the tasks, a
 * fresh one on the same workspace finds them complete and loads them back equal, without running
 * them. The subclasses give the server.
 */
abstract class FormatsRoundTrip {
    @TempDir
    Path staging;

    /** @return the server's URL */
    protected abstract URI endpoint();

    /** @return an existing bucket */
    protected abstract String bucket();

    /** @return a multipart threshold in bytes, and the part size, as HOCON sizes, that the server accepts */
    protected abstract List<String> multipartSettings();

    /** @return a size over the multipart threshold: the bin output's */
    protected abstract int largeSize();

    private Kart runtime(URI workspace) {
        Kart.Builder builder = Kart.builder().workspace(workspace)
                .set("kart.storage.s3.endpoint", endpoint().toString())
                .set("kart.storage.s3.path-style-access", true)
                .set("kart.storage.s3.staging-directory", staging.toString())
                .set("kart.storage.s3.multipart-threshold", multipartSettings().get(0))
                .set("kart.storage.s3.part-size", multipartSettings().get(1))
                .workers(4);
        return builder.build();
    }

    @Test
    void everyFormatRoundTripsThroughAnS3WorkspaceIntoAFreshRuntime() throws Exception {
        URI workspace = URI.create("s3://" + bucket() + "/formats-" + UUID.randomUUID());
        Map<Task<?>, Object> expected = new LinkedHashMap<>();
        expected.put(new Json(1), FormatTasks.jsonValue(1));
        expected.put(new JsonGz(2), FormatTasks.jsonValue(2));
        expected.put(new Text(3), FormatTasks.textValue(3));
        expected.put(new TextGz(4), FormatTasks.textValue(4));
        expected.put(new Bytes(5, largeSize()), FormatTasks.bytesValue(5, largeSize()));
        expected.put(new BytesGz(6, 300_000), FormatTasks.bytesValue(6, 300_000));
        expected.put(new Csv(7), FormatTasks.rows(7));
        expected.put(new CsvGz(8), FormatTasks.rows(8));
        expected.put(new Tsv(9), FormatTasks.mapRows(9));
        expected.put(new TsvGz(10), FormatTasks.mapRows(10));
        expected.put(new Serial(11), FormatTasks.serialValue(11));
        expected.put(new SerialGz(12), FormatTasks.serialValue(12));

        Map<Task<?>, URI> outputs = new LinkedHashMap<>();
        try (Kart first = runtime(workspace)) {
            assertThat(first.workspaceLocation().toString()).startsWith("s3://" + bucket() + "/formats-");
            for (Map.Entry<Task<?>, Object> entry : expected.entrySet()) {
                assertThat(first.isComplete(entry.getKey())).as("before the build: %s", entry.getKey()).isFalse();
                assertThat(first.build(entry.getKey())).as("built %s", entry.getKey()).isEqualTo(entry.getValue());
                outputs.put(entry.getKey(), first.outputs(entry.getKey()).get(0).uri());
            }
        }

        // the objects are in the bucket, under the workspace's prefix, named by extension
        String prefix = workspace.getPath().substring(1) + "/";
        List<String> keys;
        try (S3Client raw = S3Client.builder().endpointOverride(endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(Apache5HttpClient.builder()).build()) {
            keys = raw.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix(prefix)).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(raw.listMultipartUploads(b -> b.bucket(bucket()).prefix(prefix)).uploads()).as("unfinished uploads").isEmpty();
        }
        for (URI output : outputs.values()) {
            assertThat(output.getScheme()).isEqualTo("s3");
            assertThat(keys).as("keys under %s", prefix).contains(output.getPath().substring(1));
        }
        assertThat(keys).filteredOn(key -> !key.startsWith(prefix + "log/")).as("cache objects").hasSize(expected.size())
                .anyMatch(key -> key.endsWith(".json")).anyMatch(key -> key.endsWith(".json.gz"))
                .anyMatch(key -> key.endsWith(".txt")).anyMatch(key -> key.endsWith(".txt.gz"))
                .anyMatch(key -> key.endsWith(".bin")).anyMatch(key -> key.endsWith(".bin.gz"))
                .anyMatch(key -> key.endsWith(".csv")).anyMatch(key -> key.endsWith(".csv.gz"))
                .anyMatch(key -> key.endsWith(".tsv")).anyMatch(key -> key.endsWith(".tsv.gz"))
                .anyMatch(key -> key.endsWith(".ser")).anyMatch(key -> key.endsWith(".ser.gz"));

        try (Kart fresh = runtime(workspace)) {
            for (Map.Entry<Task<?>, Object> entry : expected.entrySet()) {
                assertThat(fresh.isComplete(entry.getKey())).as("complete in a fresh runtime: %s", entry.getKey()).isTrue();
                assertThat(load(fresh, entry.getKey())).as("loaded %s", entry.getKey()).isEqualTo(entry.getValue());
                assertThat(fresh.outputs(entry.getKey()).get(0).uri()).isEqualTo(outputs.get(entry.getKey()));
            }
        }
    }

    private static Object load(Kart kart, Task<?> task) {
        return kart.load(task);
    }
}
