package dev.kart.test.support.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory S3 endpoint on a free loopback port, speaking the part of the S3 REST API kart uses,
 * with path-style addressing: HeadBucket, PutObject, GetObject, HeadObject, DeleteObject,
 * ListObjectsV2 (prefix, continuation token, max-keys), CreateMultipartUpload, UploadPart,
 * CompleteMultipartUpload, AbortMultipartUpload and ListMultipartUploads, with S3's XML error bodies.
 *
 * <p>It exists for one property no S3 server on Maven Central guarantees: a PutObject or
 * CompleteMultipartUpload with {@code If-None-Match: *} is atomic, so of writers racing on a free key
 * exactly one succeeds and the others get 412 PreconditionFailed (Elasticsearch's S3 test fixture is
 * built the same way). It does not check signatures; it only reads the access key id from the
 * {@code Authorization} header, so that {@link #denyAccessKey} can make it answer 403 AccessDenied.
 * Objects are held in memory: keep test objects to a few MB. Thread-safe.
 *
 * <pre>{@code
 * try (AtomicS3Server s3 = AtomicS3Server.start()) {
 *     s3.createBucket("kart");
 *     S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)...;
 * }
 * }</pre>
 */
public final class AtomicS3Server implements AutoCloseable {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Pattern SCOPE_REGION = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/,\\s]+)/");
    private static final Pattern PART = Pattern.compile("<Part>.*?</Part>", Pattern.DOTALL);
    private static final Pattern PART_NUMBER = Pattern.compile("<PartNumber>(\\d+)</PartNumber>");
    private static final Pattern PART_ETAG = Pattern.compile("<ETag>(.*?)</ETag>", Pattern.DOTALL);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Set<String> deniedAccessKeys = ConcurrentHashMap.newKeySet();
    private final Set<String> readOnlyAccessKeys = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final Map<RequestKind, AtomicLong> requestsByKind = new EnumMap<>(RequestKind.class);
    private final AtomicInteger conflicts = new AtomicInteger();
    private volatile Duration readDelay = Duration.ZERO;

    private record StoredBlob(byte[] content, String etag, Instant lastModified) {
    }

    private record Upload(String key, String uploadId, Instant initiated, NavigableMap<Integer, StoredBlob> parts) {
    }

    private static final class Bucket {
        final NavigableMap<String, StoredBlob> objects = new ConcurrentSkipListMap<>();
        final NavigableMap<String, Upload> uploads = new ConcurrentSkipListMap<>();
        volatile String region;
    }

    private AtomicS3Server(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        for (RequestKind kind : RequestKind.values()) {
            requestsByKind.put(kind, new AtomicLong());
        }
    }

    /** The kinds of request {@link #requestCount(RequestKind)} counts apart. */
    public enum RequestKind {
        /** {@code HeadObject}: one existence check */
        HEAD_OBJECT,
        /** {@code GetObject}: one read */
        GET_OBJECT,
        /** {@code PutObject}, conditional or not (not an upload's part) */
        PUT_OBJECT,
        /** one {@code ListObjectsV2} page */
        LIST_OBJECTS,
        /** anything else: bucket checks, multipart requests, deletes */
        OTHER
    }

    /**
     * Starts one on a free port of 127.0.0.1, with no bucket.
     *
     * @return the running server; close it to stop it
     * @throws UncheckedIOException when no port can be bound
     */
    public static AtomicS3Server start() {
        // The JDK's HTTP server writes a response's headers and body in two writes without TCP_NODELAY
        // unless told: Nagle's algorithm then holds the body until the client's delayed ACK, about
        // 40 ms on Linux, so every GetObject took ~50 ms where S3 answers in a few. Read once, when
        // the JVM's first HTTP server starts; a value set explicitly is kept.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind an S3 test server to a loopback port", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(32, r -> {
            Thread thread = new Thread(r, "atomic-s3-server");
            thread.setDaemon(true);
            return thread;
        });
        AtomicS3Server s3 = new AtomicS3Server(server, executor);
        server.createContext("/", s3::handle);
        server.setExecutor(executor);
        server.start();
        return s3;
    }

    /** @return its URL, such as {@code http://127.0.0.1:41234}, for the SDK's endpoint override */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** @return its port on 127.0.0.1 */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @param bucket a bucket name
     * @return this server, with the bucket (kept if it exists)
     */
    public AtomicS3Server createBucket(String bucket) {
        buckets.computeIfAbsent(bucket, b -> new Bucket());
        return this;
    }

    /**
     * Places a bucket in a region: requests signed for another region are answered 301
     * PermanentRedirect with the bucket's region in {@code x-amz-bucket-region}, as S3 answers them.
     * Buckets are in no region until this is called, and take requests signed for any.
     *
     * @param bucket a bucket created before
     * @param region such as {@code eu-west-1}
     * @return this server
     */
    public AtomicS3Server bucketRegion(String bucket, String region) {
        bucket(bucket).region = region;
        return this;
    }

    /**
     * Makes requests signed with this access key id fail with 403 AccessDenied, as a store refusing
     * an identity does.
     *
     * @param accessKeyId the access key id
     * @return this server
     */
    public AtomicS3Server denyAccessKey(String accessKeyId) {
        deniedAccessKeys.add(accessKeyId);
        return this;
    }

    /**
     * Makes writes signed with this access key id (PUT, POST, DELETE: objects, parts, multipart
     * uploads) fail with 403 AccessDenied while reads and listings succeed, as a read-only policy does.
     *
     * @param accessKeyId the access key id
     * @return this server
     */
    public AtomicS3Server denyWrites(String accessKeyId) {
        readOnlyAccessKeys.add(accessKeyId);
        return this;
    }

    /**
     * Makes the next conditional writes (PutObject or CompleteMultipartUpload with
     * {@code If-None-Match: *}) fail with 409 ConditionalRequestConflict, as S3 answers while another
     * conditional write to the key is in progress; nothing is written.
     *
     * @param count how many
     * @return this server
     */
    public AtomicS3Server conflictNextConditionalWrites(int count) {
        conflicts.set(count);
        return this;
    }

    /**
     * Answers every GetObject after a delay, on the server's thread of that request (32 serve requests at once): the
     * round trip of a store farther away than this loopback server, which answers a small read in well under a
     * millisecond, so that a client's reads in parallel can be told from reads one after the other.
     *
     * @param delay how long each read waits before it is answered; zero for none
     * @return this server
     */
    public AtomicS3Server delayReads(Duration delay) {
        readDelay = delay;
        return this;
    }

    /**
     * @param bucket a bucket name
     * @return the keys of its objects, sorted
     */
    public List<String> keys(String bucket) {
        return List.copyOf(bucket(bucket).objects.keySet());
    }

    /**
     * @param bucket a bucket name
     * @param key a key
     * @return the object's content, or null when there is none
     */
    public byte[] content(String bucket, String key) {
        StoredBlob blob = bucket(bucket).objects.get(key);
        return blob == null ? null : blob.content().clone();
    }

    /**
     * @param bucket a bucket name
     * @return the keys of its unfinished multipart uploads, one per upload
     */
    public List<String> unfinishedUploads(String bucket) {
        return bucket(bucket).uploads.values().stream().map(Upload::key).toList();
    }

    /** @return how many requests it has answered, for checks of request counts such as list pages */
    public long requestCount() {
        return requests.get();
    }

    /**
     * @param kind a kind of request
     * @return how many requests of that kind it has answered (refused ones included), for checks
     *     such as "one LIST page per 1,000 tasks, no HEAD each"
     */
    public long requestCount(RequestKind kind) {
        return requestsByKind.get(kind).get();
    }

    private static RequestKind kindOf(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        int slash = path.indexOf('/', 1);
        boolean onObject = slash > 0 && slash < path.length() - 1;
        return switch (exchange.getRequestMethod()) {
            case "HEAD" -> onObject ? RequestKind.HEAD_OBJECT : RequestKind.OTHER;
            case "GET" -> onObject ? RequestKind.GET_OBJECT
                    : query != null && query.contains("list-type=2") ? RequestKind.LIST_OBJECTS : RequestKind.OTHER;
            case "PUT" -> onObject && (query == null || !query.contains("uploadId")) ? RequestKind.PUT_OBJECT : RequestKind.OTHER;
            default -> RequestKind.OTHER;
        };
    }

    private Bucket bucket(String name) {
        Bucket bucket = buckets.get(name);
        if (bucket == null) {
            throw new IllegalArgumentException("no bucket " + name + " in the S3 test server at " + endpoint());
        }
        return bucket;
    }

    /** Stops it at once and drops every object. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- the HTTP side

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        RequestKind kind = kindOf(exchange);
        requestsByKind.get(kind).incrementAndGet();
        Duration delay = readDelay;
        if (kind == RequestKind.GET_OBJECT && !delay.isZero()) {
            try {
                TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            } catch (InterruptedException e) {
                // the server is stopping
                Thread.currentThread().interrupt();
            }
        }
        try (exchange) {
            try {
                route(exchange);
            } catch (S3Error e) {
                error(exchange, e.status, e.code, e.getMessage());
            } catch (RuntimeException e) {
                error(exchange, 500, "InternalError", String.valueOf(e));
            }
        }
    }

    private static final class S3Error extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        S3Error(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            Matcher m = ACCESS_KEY.matcher(authorization);
            if (m.find() && (deniedAccessKeys.contains(m.group(1)) || (readOnlyAccessKeys.contains(m.group(1))
                    && !exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")))) {
                throw new S3Error(403, "AccessDenied", "Access Denied");
            }
        }
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String path = decode(rawPath.startsWith("/") ? rawPath.substring(1) : rawPath);
        int slash = path.indexOf('/');
        String bucketName = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        if (bucketName.isEmpty()) {
            throw new S3Error(400, "InvalidRequest", "path-style requests only: /bucket/key");
        }
        if (key.isEmpty() && method.equals("PUT")) {
            createBucket(bucketName);
            respond(exchange, 200, null, Map.of());
            return;
        }
        Bucket bucket = buckets.get(bucketName);
        if (bucket == null) {
            throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        String region = bucket.region;
        if (region != null && authorization != null) {
            Matcher scope = SCOPE_REGION.matcher(authorization);
            if (scope.find() && !scope.group(1).equals(region)) {
                exchange.getResponseHeaders().set("x-amz-bucket-region", region);
                throw new S3Error(301, "PermanentRedirect",
                        "The bucket you are attempting to access must be addressed using the specified endpoint.");
            }
        }
        if (key.isEmpty()) {
            switch (method) {
                case "HEAD" -> respond(exchange, 200, null, Map.of());
                case "GET" -> {
                    if (query.containsKey("uploads")) {
                        listUploads(exchange, bucketName, bucket, query);
                    } else if ("2".equals(query.get("list-type"))) {
                        listObjects(exchange, bucketName, bucket, query);
                    } else {
                        throw new S3Error(501, "NotImplemented", "only ListObjectsV2 (list-type=2) and ListMultipartUploads");
                    }
                }
                default -> throw new S3Error(501, "NotImplemented", method + " on a bucket");
            }
            return;
        }
        switch (method) {
            case "PUT" -> {
                if (query.containsKey("uploadId")) {
                    uploadPart(exchange, bucket, key, query);
                } else {
                    putObject(exchange, bucket, key);
                }
            }
            case "GET", "HEAD" -> {
                StoredBlob blob = bucket.objects.get(key);
                if (blob == null) {
                    throw new S3Error(404, "NoSuchKey", "The specified key does not exist.");
                }
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("ETag", blob.etag());
                headers.put("Last-Modified", HTTP_DATE.format(blob.lastModified()));
                headers.put("Content-Type", "application/octet-stream");
                if (method.equals("HEAD")) {
                    headers.put("Content-Length", Long.toString(blob.content().length));
                    respond(exchange, 200, null, headers);
                } else {
                    respond(exchange, 200, blob.content(), headers);
                }
            }
            case "DELETE" -> {
                if (query.containsKey("uploadId")) {
                    if (bucket.uploads.remove(query.get("uploadId")) == null) {
                        throw new S3Error(404, "NoSuchUpload", "The specified upload does not exist.");
                    }
                } else {
                    bucket.objects.remove(key);
                }
                respond(exchange, 204, null, Map.of());
            }
            case "POST" -> {
                if (query.containsKey("uploads")) {
                    String uploadId = UUID.randomUUID().toString();
                    bucket.uploads.put(uploadId, new Upload(key, uploadId, Instant.now(), new ConcurrentSkipListMap<>()));
                    xml(exchange, 200, "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>"
                            + escape(bucketName) + "</Bucket><Key>" + escape(key) + "</Key><UploadId>" + uploadId
                            + "</UploadId></InitiateMultipartUploadResult>");
                } else if (query.containsKey("uploadId")) {
                    completeUpload(exchange, bucketName, bucket, key, query.get("uploadId"));
                } else {
                    throw new S3Error(501, "NotImplemented", "POST without uploads or uploadId");
                }
            }
            default -> throw new S3Error(405, "MethodNotAllowed", method);
        }
    }

    private void putObject(HttpExchange exchange, Bucket bucket, String key) throws IOException {
        byte[] content = body(exchange);
        StoredBlob blob = new StoredBlob(content, quote(md5(content)), Instant.now());
        store(exchange, bucket, key, blob);
        respond(exchange, 200, null, Map.of("ETag", blob.etag()));
    }

    /** The one atomic step: with If-None-Match: *, only a free key is taken. */
    private void store(HttpExchange exchange, Bucket bucket, String key, StoredBlob blob) {
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw new S3Error(501, "NotImplemented", "If-None-Match other than *");
            }
            if (conflicts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new S3Error(409, "ConditionalRequestConflict",
                        "A conflicting conditional operation is currently in progress against this resource. Please try again.");
            }
            if (bucket.objects.putIfAbsent(key, blob) != null) {
                throw new S3Error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
            }
        } else {
            bucket.objects.put(key, blob);
        }
    }

    private void uploadPart(HttpExchange exchange, Bucket bucket, String key, Map<String, String> query) throws IOException {
        Upload upload = upload(bucket, key, query.get("uploadId"));
        int partNumber;
        try {
            partNumber = Integer.parseInt(query.getOrDefault("partNumber", ""));
        } catch (NumberFormatException e) {
            throw new S3Error(400, "InvalidArgument", "partNumber must be a number from 1 to 10000");
        }
        if (partNumber < 1 || partNumber > 10_000) {
            throw new S3Error(400, "InvalidArgument", "partNumber must be a number from 1 to 10000");
        }
        byte[] content = body(exchange);
        StoredBlob part = new StoredBlob(content, quote(md5(content)), Instant.now());
        upload.parts().put(partNumber, part);
        respond(exchange, 200, null, Map.of("ETag", part.etag()));
    }

    private void completeUpload(HttpExchange exchange, String bucketName, Bucket bucket, String key, String uploadId) throws IOException {
        Upload upload = upload(bucket, key, uploadId);
        String body = new String(body(exchange), StandardCharsets.UTF_8);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        int count = 0;
        int previous = 0;
        Matcher parts = PART.matcher(body);
        while (parts.find()) {
            String element = parts.group();
            Matcher number = PART_NUMBER.matcher(element);
            Matcher etag = PART_ETAG.matcher(element);
            if (!number.find() || !etag.find()) {
                throw new S3Error(400, "MalformedXML", "a Part without PartNumber or ETag");
            }
            int partNumber = Integer.parseInt(number.group(1));
            if (partNumber <= previous) {
                throw new S3Error(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
            }
            previous = partNumber;
            StoredBlob part = upload.parts().get(partNumber);
            if (part == null || !unquote(part.etag()).equals(unquote(etag.group(1).replace("&quot;", "\"")))) {
                throw new S3Error(400, "InvalidPart", "One or more of the specified parts could not be found.");
            }
            content.writeBytes(part.content());
            digests.writeBytes(HexFormat.of().parseHex(unquote(part.etag())));
            count++;
        }
        if (count == 0) {
            throw new S3Error(400, "MalformedXML", "no Part in the CompleteMultipartUpload body");
        }
        StoredBlob blob = new StoredBlob(content.toByteArray(), quote(md5(digests.toByteArray()) + "-" + count), Instant.now());
        // as in S3, a refused conditional completion leaves the upload to be retried or aborted
        store(exchange, bucket, key, blob);
        bucket.uploads.remove(uploadId);
        xml(exchange, 200, "<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Location>"
                + escape(endpoint() + "/" + bucketName + "/" + key) + "</Location><Bucket>" + escape(bucketName) + "</Bucket><Key>"
                + escape(key) + "</Key><ETag>" + escape(blob.etag()) + "</ETag></CompleteMultipartUploadResult>");
    }

    private static Upload upload(Bucket bucket, String key, String uploadId) {
        Upload upload = uploadId == null ? null : bucket.uploads.get(uploadId);
        if (upload == null || !upload.key().equals(key)) {
            throw new S3Error(404, "NoSuchUpload", "The specified upload does not exist.");
        }
        return upload;
    }

    private void listObjects(HttpExchange exchange, String bucketName, Bucket bucket, Map<String, String> query) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        int maxKeys = maxKeys(query);
        String token = query.get("continuation-token");
        String after = token != null ? new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                : query.getOrDefault("start-after", "");
        StringBuilder xml = new StringBuilder("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>")
                .append(escape(bucketName)).append("</Name><Prefix>").append(escape(prefix)).append("</Prefix><MaxKeys>")
                .append(maxKeys).append("</MaxKeys>");
        if (token != null) {
            xml.append("<ContinuationToken>").append(escape(token)).append("</ContinuationToken>");
        }
        StringBuilder contents = new StringBuilder();
        int count = 0;
        String last = null;
        boolean truncated = false;
        for (Map.Entry<String, StoredBlob> entry : bucket.objects.tailMap(after, false).entrySet()) {
            if (!entry.getKey().startsWith(prefix)) {
                if (entry.getKey().compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (count == maxKeys) {
                truncated = true;
                break;
            }
            StoredBlob blob = entry.getValue();
            contents.append("<Contents><Key>").append(escape(entry.getKey())).append("</Key><LastModified>")
                    .append(blob.lastModified().truncatedTo(ChronoUnit.MILLIS)).append("</LastModified><ETag>").append(escape(blob.etag()))
                    .append("</ETag><Size>").append(blob.content().length).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            count++;
            last = entry.getKey();
        }
        xml.append("<KeyCount>").append(count).append("</KeyCount><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated) {
            xml.append("<NextContinuationToken>")
                    .append(Base64.getUrlEncoder().encodeToString(last.getBytes(StandardCharsets.UTF_8)))
                    .append("</NextContinuationToken>");
        }
        xml.append(contents).append("</ListBucketResult>");
        xml(exchange, 200, xml.toString());
    }

    private void listUploads(HttpExchange exchange, String bucketName, Bucket bucket, Map<String, String> query) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        int maxUploads = query.containsKey("max-uploads") ? Integer.parseInt(query.get("max-uploads")) : 1000;
        String keyMarker = query.getOrDefault("key-marker", "");
        String uploadIdMarker = query.getOrDefault("upload-id-marker", "");
        List<Upload> matching = new ArrayList<>();
        for (Upload upload : bucket.uploads.values()) {
            if (upload.key().startsWith(prefix)) {
                matching.add(upload);
            }
        }
        matching.sort((a, b) -> a.key().equals(b.key()) ? a.uploadId().compareTo(b.uploadId()) : a.key().compareTo(b.key()));
        StringBuilder uploads = new StringBuilder();
        int count = 0;
        boolean truncated = false;
        Upload last = null;
        for (Upload upload : matching) {
            int byKey = upload.key().compareTo(keyMarker);
            if (!keyMarker.isEmpty() && (byKey < 0 || (byKey == 0 && upload.uploadId().compareTo(uploadIdMarker) <= 0))) {
                continue;
            }
            if (count == maxUploads) {
                truncated = true;
                break;
            }
            uploads.append("<Upload><Key>").append(escape(upload.key())).append("</Key><UploadId>").append(upload.uploadId())
                    .append("</UploadId><Initiated>").append(upload.initiated().truncatedTo(ChronoUnit.MILLIS))
                    .append("</Initiated><StorageClass>STANDARD</StorageClass></Upload>");
            count++;
            last = upload;
        }
        StringBuilder xml = new StringBuilder("<ListMultipartUploadsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>")
                .append(escape(bucketName)).append("</Bucket><KeyMarker>").append(escape(keyMarker)).append("</KeyMarker><UploadIdMarker>")
                .append(escape(uploadIdMarker)).append("</UploadIdMarker><Prefix>").append(escape(prefix)).append("</Prefix><MaxUploads>")
                .append(maxUploads).append("</MaxUploads><IsTruncated>").append(truncated).append("</IsTruncated>");
        if (truncated) {
            xml.append("<NextKeyMarker>").append(escape(last.key())).append("</NextKeyMarker><NextUploadIdMarker>")
                    .append(last.uploadId()).append("</NextUploadIdMarker>");
        }
        xml.append(uploads).append("</ListMultipartUploadsResult>");
        xml(exchange, 200, xml.toString());
    }

    private static int maxKeys(Map<String, String> query) {
        try {
            int maxKeys = Integer.parseInt(query.getOrDefault("max-keys", "1000"));
            return Math.max(0, Math.min(maxKeys, 1000));
        } catch (NumberFormatException e) {
            throw new S3Error(400, "InvalidArgument", "max-keys must be a number");
        }
    }

    /** The request body, with the SDK's aws-chunked framing (streaming signatures, trailers) removed. */
    private static byte[] body(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if ((sha != null && sha.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"))) {
            return unchunk(raw);
        }
        return raw;
    }

    private static byte[] unchunk(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int at = 0;
        while (at < raw.length) {
            int lineEnd = indexOfCrlf(raw, at);
            if (lineEnd < 0) {
                throw new S3Error(400, "IncompleteBody", "aws-chunked body without a chunk header");
            }
            String header = new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                break; // trailers follow; not checked
            }
            out.write(raw, at, size);
            at += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void xml(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + body).getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/xml"));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String requestId = Long.toHexString(System.nanoTime());
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        if (exchange.getRequestMethod().equals("HEAD")) {
            // S3 answers HEAD errors without a body
            respond(exchange, status, null, Map.of());
            return;
        }
        xml(exchange, status, "<Error><Code>" + code + "</Code><Message>" + escape(message) + "</Message><Resource>"
                + escape(exchange.getRequestURI().getRawPath()) + "</Resource><RequestId>" + requestId + "</RequestId></Error>");
    }

    private static void respond(HttpExchange exchange, int status, byte[] body, Map<String, String> headers) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("x-amz-request-id", Long.toHexString(System.nanoTime()));
        if (exchange.getRequestMethod().equals("HEAD") || status == 204) {
            // a HEAD's Content-Length is the object's, set above; no body follows
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        if (body == null || body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return query;
    }

    /** Percent-decoding only: S3 keys may hold '+', which the SDK sends as %2B. */
    private static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    private static String unquote(String etag) {
        String trimmed = etag.trim();
        return trimmed.startsWith("\"") && trimmed.endsWith("\"") && trimmed.length() >= 2 ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from the JDK", e);
        }
    }
}
