package dev.kart.storage.s3.internal;

import dev.kart.config.KartConfigException;
import dev.kart.storage.ContentWriter;
import dev.kart.storage.StagedObject;
import dev.kart.storage.StoredObject;
import dev.kart.storage.WorkspaceStorage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * A workspace under a prefix of an S3 bucket. Objects are the keys {@code prefix + path}; staged
 * content lives in a local temporary file ({@link S3Upload}) and, past the multipart threshold, in an
 * unfinished multipart upload, neither of which ListObjectsV2 shows. Safe for concurrent use: the
 * SDK client is, and each staged object belongs to one thread.
 */
public final class S3WorkspaceStorage implements WorkspaceStorage {
    private static final Logger LOG = LoggerFactory.getLogger(S3WorkspaceStorage.class);
    private static final int LIST_PAGE = 1000;
    private static final String TEMP_SUFFIX = ".staging";

    private final S3Location location;
    private final S3Settings settings;
    private final S3Client s3;
    private final DefaultCredentialsProvider credentials;
    private final S3Failures failures;
    private final Path stagingDirectory;
    private final String tempPrefix;
    private final PublishedCopies copies;

    private S3WorkspaceStorage(S3Location location, S3Settings settings, S3Client s3, DefaultCredentialsProvider credentials,
            S3Failures failures, Path stagingDirectory) {
        this.location = location;
        this.settings = settings;
        this.s3 = s3;
        this.credentials = credentials;
        this.failures = failures;
        this.stagingDirectory = stagingDirectory;
        // one workspace's temporary files are told apart from another's in a shared directory
        this.tempPrefix = "kart-s3-" + shortHash(location.uri().toString()) + "-";
        this.copies = new PublishedCopies(settings.publishedCacheSize());
    }

    /**
     * Builds the client, then checks the credentials and the bucket before returning.
     *
     * @param location the bucket and prefix
     * @param settings the settings
     * @return the open storage
     * @throws KartConfigException when no credentials or region are found, the bucket is missing or in
     *     another region, access is denied, or the endpoint is an HTTP server that does not speak S3
     * @throws dev.kart.storage.StorageUnreachableException when the endpoint cannot be reached, does not answer HTTP, or
     *     does not answer within connect-timeout + socket-timeout (the check is not retried)
     * @throws IOException when the store refuses otherwise
     */
    public static S3WorkspaceStorage open(S3Location location, S3Settings settings) throws IOException {
        String region = resolveRegion(location, settings);
        S3Failures failures = new S3Failures(settings.describeEndpoint(region), location.bucket());
        Path staging = settings.stagingDirectory() != null ? settings.stagingDirectory() : Path.of(System.getProperty("java.io.tmpdir"));
        if (!Files.isDirectory(staging) || !Files.isWritable(staging)) {
            throw new KartConfigException(settings.stagingDirectory() != null
                    ? "config key 'kart.storage.s3.staging-directory' is '" + staging + "', expected a writable directory"
                            + " where staged content can be written"
                    : "java.io.tmpdir '" + staging + "', where S3 content is staged while kart.storage.s3.staging-directory"
                            + " is null, is not a writable directory; set that key to one");
        }
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        S3Client s3 = null;
        try {
            try {
                credentials.resolveCredentials();
            } catch (SdkClientException e) {
                throw new KartConfigException("no AWS credentials found for workspace " + location.uri() + ": set AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials, or run with a container or instance role", e);
            }
            var builder = S3Client.builder()
                    .region(Region.of(region))
                    .credentialsProvider(credentials)
                    .forcePathStyle(settings.pathStyleAccess())
                    // checksums only where S3 requires them: S3-compatible stores (MinIO, Ceph, R2, older
                    // releases) do not all accept the SDK's default trailing CRC checksums
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(settings.apiCallTimeout()).build())
                    .httpClientBuilder(Apache5HttpClient.builder()
                            .connectionTimeout(settings.connectTimeout())
                            .socketTimeout(settings.socketTimeout())
                            .connectionAcquisitionTimeout(settings.apiCallTimeout())
                            .maxConnections(settings.maxConnections()));
            if (settings.endpoint() != null) {
                builder.endpointOverride(settings.endpoint());
            }
            s3 = builder.build();
            new BucketCheck(s3, location, region, failures, settings.connectTimeout(), settings.socketTimeout()).run();
            return new S3WorkspaceStorage(location, settings, s3, credentials, failures, staging);
        } catch (IOException | RuntimeException | Error e) {
            if (s3 != null) {
                s3.close();
            }
            credentials.close();
            throw e;
        }
    }

    private static String resolveRegion(S3Location location, S3Settings settings) {
        if (settings.region() != null) {
            return settings.region();
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            if (settings.endpoint() != null) {
                // S3-compatible stores mostly ignore the region, but requests are signed with one
                return "us-east-1";
            }
            throw new KartConfigException("no AWS region found for workspace " + location.uri()
                    + ": set kart.storage.s3.region, or AWS_REGION, or a region in the AWS profile", e);
        }
    }

    @Override
    public URI location() {
        return location.uri();
    }

    @Override
    public Optional<StoredObject> stat(String path) throws IOException {
        return head(key(path)).map(head -> new StoredObject(path, head.contentLength(), head.lastModified()));
    }

    boolean exists(String key) throws IOException {
        return head(key).isPresent();
    }

    /** @return the object's HeadObject answer, empty when there is none */
    private Optional<HeadObjectResponse> head(String key) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(HeadObjectRequest.builder().bucket(location.bucket()).key(key).build());
            if (head.contentLength() == null || head.lastModified() == null) {
                throw notS3(location.describe(key), "HeadObject", "an answer without Content-Length or Last-Modified");
            }
            return Optional.of(head);
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failures.io("stat " + location.describe(key), e);
        } catch (SdkException e) {
            throw failures.io("stat " + location.describe(key), e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        return listUnder(directory(prefix));
    }

    /** Asks for the directory's objects of that name prefix only: a LIST of their keys' prefix, not of the directory. */
    @Override
    public List<StoredObject> listNamed(String directory, String namePrefix) throws IOException {
        if (namePrefix.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not a name prefix: '" + namePrefix + "' (expected no '/', such as"
                    + " Task_ab12.node-)");
        }
        String start = directory(directory) + namePrefix;
        List<StoredObject> named = new ArrayList<>();
        for (StoredObject object : listUnder(start)) {
            if (object.path().indexOf('/', start.length()) < 0) {
                named.add(object);
            }
        }
        return named;
    }

    /** Every published object whose relative path starts with {@code relative}, in LIST pages of {@code LIST_PAGE}. */
    private List<StoredObject> listUnder(String relative) throws IOException {
        String keyPrefix = location.prefix() + relative;
        List<StoredObject> objects = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                        .bucket(location.bucket()).prefix(keyPrefix).maxKeys(LIST_PAGE);
                if (token != null) {
                    request.continuationToken(token);
                }
                ListObjectsV2Response page = s3.listObjectsV2(request.build());
                for (S3Object object : page.contents()) {
                    if (object.key() == null || object.size() == null || object.lastModified() == null) {
                        throw notS3(location.describe(keyPrefix), "ListObjectsV2", "an object without key, size or date");
                    }
                    String path = object.key().substring(location.prefix().length());
                    // folder markers some tools write, and keys no path can name, are not kart's objects
                    if (isValidPath(path)) {
                        objects.add(new StoredObject(path, object.size(), object.lastModified()));
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw failures.io("list " + location.describe(keyPrefix), e);
        }
        objects.sort(Comparator.comparing(StoredObject::path));
        return objects;
    }

    @Override
    public InputStream read(String path) throws IOException {
        String key = key(path);
        Optional<InputStream> copy = copies.open(key);
        if (copy.isPresent()) {
            return copy.get();
        }
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(location.bucket()).key(key).build());
        } catch (NoSuchKeyException e) {
            throw noSuchObject(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
                throw noSuchObject(key);
            }
            throw failures.io("read " + location.describe(key), e);
        } catch (SdkException e) {
            throw failures.io("read " + location.describe(key), e);
        }
    }

    /** A server answering 200 with something an S3 store never sends: not S3, whatever it is. */
    private IOException notS3(String what, String request, String answer) {
        return new IOException("the endpoint " + failures.endpoint() + " answered " + request + " of " + what + " with " + answer
                + ", which no S3 store sends; check that kart.storage.s3.endpoint is the store's S3 API");
    }

    private NoSuchFileException noSuchObject(String key) {
        return new NoSuchFileException(location.describe(key), null, "no such object");
    }

    @Override
    public StagedObject stage(String path, ContentWriter content) throws IOException {
        return stage(path, content, true);
    }

    /** Task info is not read back by the build that writes it: no copy of it is kept. */
    @Override
    public StagedObject stageRecord(String path, ContentWriter content) throws IOException {
        return stage(path, content, false);
    }

    private StagedObject stage(String path, ContentWriter content, boolean keepCopy) throws IOException {
        String key = key(path);
        S3Upload upload = new S3Upload(this, path, key, Files.createTempFile(stagingDirectory, tempPrefix + stagingName(path) + "-",
                TEMP_SUFFIX), keepCopy);
        try {
            try (OutputStream out = new BufferedOutputStream(upload, 64 * 1024)) {
                content.writeTo(out);
            }
            return upload.finish();
        } catch (IOException | RuntimeException | Error e) {
            upload.abandon(e);
            throw e;
        }
    }

    /**
     * The object's file name, as far as a file name can carry it, in its staging file's name: so that
     * a staging file left by a process that died says which object it was (kart clean lists it).
     */
    private static String stagingName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return name.length() <= 100 ? name : name.substring(0, 100);
    }

    @Override
    public boolean delete(String path) throws IOException {
        String key = key(path);
        copies.forget(key);
        // S3 answers 204 whether or not the key existed; the HEAD tells which
        boolean existed = exists(key);
        if (existed) {
            try {
                s3.deleteObject(b -> b.bucket(location.bucket()).key(key));
            } catch (SdkException e) {
                throw failures.io("delete " + location.describe(key), e);
            }
        }
        return existed;
    }

    @Override
    public List<String> removeAbandonedStaging(Instant startedBefore) throws IOException {
        return abandonedStaging(startedBefore, true);
    }

    @Override
    public List<String> listAbandonedStaging(Instant startedBefore) throws IOException {
        return abandonedStaging(startedBefore, false);
    }

    /**
     * The unfinished multipart uploads under the prefix and the local staging files of this
     * workspace started before the instant: one walk for the dry run and the removal, so that both
     * name the same things.
     *
     * @param remove whether to abort and delete what is found, or only to list it
     */
    private List<String> abandonedStaging(Instant startedBefore, boolean remove) throws IOException {
        List<String> found = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        try {
            while (true) {
                ListMultipartUploadsRequest.Builder request = ListMultipartUploadsRequest.builder()
                        .bucket(location.bucket()).prefix(location.prefix());
                if (keyMarker != null) {
                    request.keyMarker(keyMarker).uploadIdMarker(uploadIdMarker);
                }
                ListMultipartUploadsResponse page = s3.listMultipartUploads(request.build());
                for (MultipartUpload upload : page.uploads()) {
                    if (upload.initiated() != null && upload.initiated().isBefore(startedBefore)) {
                        if (remove) {
                            abort(upload.key(), upload.uploadId());
                        }
                        found.add((remove ? "aborted " : "") + "unfinished multipart upload of "
                                + location.describe(upload.key()) + " started " + upload.initiated());
                    }
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    break;
                }
                keyMarker = page.nextKeyMarker();
                uploadIdMarker = page.nextUploadIdMarker();
            }
        } catch (SdkException e) {
            throw failures.io("list unfinished multipart uploads under " + location.describe(location.prefix()), e);
        }
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(stagingDirectory, tempPrefix + "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                try {
                    if (Files.getLastModifiedTime(temp).toInstant().isBefore(startedBefore)
                            && (!remove || Files.deleteIfExists(temp))) {
                        found.add((remove ? "deleted " : "") + "staging file " + temp + " of " + location.uri());
                    }
                } catch (NoSuchFileException e) {
                    // its writer finished meanwhile
                }
            }
        }
        return found;
    }

    @Override
    public boolean publishesOnceAtomically() {
        return settings.conditionalWrites();
    }

    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            credentials.close();
        }
    }

    @Override
    public String toString() {
        return "S3WorkspaceStorage[" + location.uri() + " at " + failures.endpoint() + "]";
    }

    // ---- used by S3Upload and S3Staged

    S3Settings settings() {
        return settings;
    }

    S3Failures failures() {
        return failures;
    }

    PublishedCopies copies() {
        return copies;
    }

    String describe(String key) {
        return location.describe(key);
    }

    String createMultipartUpload(String key) throws IOException {
        try {
            return s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(location.bucket()).key(key).build()).uploadId();
        } catch (SdkException e) {
            throw failures.io("start a multipart upload of " + location.describe(key), e);
        }
    }

    CompletedPart uploadPart(String key, String uploadId, int partNumber, Path file, long size) throws IOException {
        try {
            String etag = s3.uploadPart(UploadPartRequest.builder().bucket(location.bucket()).key(key).uploadId(uploadId)
                    .partNumber(partNumber).contentLength(size).build(), RequestBody.fromFile(file)).eTag();
            return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
        } catch (SdkException e) {
            throw failures.io("upload part " + partNumber + " of " + location.describe(key), e);
        }
    }

    /**
     * Sends one PutObject; the caller maps S3Exceptions.
     *
     * @param content the content, read from {@code file} already when it was small, else null: sent
     *     from memory, the SDK signs it in one pass, where a file goes through its streaming
     *     (chunked) signing, which costs a small object more than its transfer
     */
    void putObject(String key, Path file, byte[] content, long size, boolean ifNoneMatch) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(location.bucket()).key(key).contentLength(size);
        if (ifNoneMatch) {
            request.ifNoneMatch("*");
        }
        s3.putObject(request.build(), content != null ? RequestBody.fromBytes(content) : RequestBody.fromFile(file));
    }

    /** Sends one CompleteMultipartUpload; the caller maps S3Exceptions. */
    void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts, boolean ifNoneMatch) {
        CompleteMultipartUploadRequest.Builder request = CompleteMultipartUploadRequest.builder().bucket(location.bucket()).key(key)
                .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build());
        if (ifNoneMatch) {
            request.ifNoneMatch("*");
        }
        s3.completeMultipartUpload(request.build());
    }

    /**
     * Aborts an upload, also on an interrupted thread (Ctrl-C while a task wrote): the SDK refuses
     * to start a request on one, which would leave the upload for {@code kart clean}. The interrupt
     * is kept for the caller.
     */
    void abort(String key, String uploadId) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            abortNow(key, uploadId);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void abortNow(String key, String uploadId) throws IOException {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(location.bucket()).key(key).uploadId(uploadId).build());
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failures.io("abort the multipart upload of " + location.describe(key), e);
            }
            // NoSuchUpload: already aborted or completed
        } catch (SdkException e) {
            throw failures.io("abort the multipart upload of " + location.describe(key), e);
        }
    }

    /** Aborts without throwing, for clean-up after another failure (added to {@code primary} when not null); removeAbandonedStaging gets what is left. */
    void abortQuietly(String key, String uploadId, Throwable primary) {
        try {
            abort(key, uploadId);
        } catch (IOException | RuntimeException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
            LOG.warn("Could not abort the multipart upload of {}; `kart clean` removes it later: {}", location.describe(key), e.getMessage());
        }
    }

    void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the staging file {}; `kart clean` removes it later: {}", file, e.getMessage());
        }
    }

    // ---- paths

    private String key(String path) {
        if (!isValidPath(path)) {
            throw new IllegalArgumentException("not a relative object path: '" + path
                    + "' (expected /-separated segments, no leading or trailing /, no empty, '.' or '..' segment)");
        }
        return location.prefix() + path;
    }

    private static String directory(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String dir = prefix.endsWith("/") ? prefix : prefix + "/";
        if (!isValidPath(dir.substring(0, dir.length() - 1))) {
            throw new IllegalArgumentException("not a relative directory path: '" + prefix + "' (expected such as pkg/ or log/, or empty)");
        }
        return dir;
    }

    static boolean isValidPath(String path) {
        if (path == null || path.isEmpty()) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
