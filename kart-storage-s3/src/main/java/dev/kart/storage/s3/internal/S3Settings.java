package dev.kart.storage.s3.internal;

import dev.kart.config.ConfigSection;
import dev.kart.config.KartConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of {@code kart.storage.s3}, checked; see the module's {@code reference.conf} for
 * each.
 *
 * @param region the region, or null for the SDK's default region chain
 * @param endpoint the endpoint override, or null for AWS
 * @param pathStyleAccess whether the bucket goes in the path
 * @param multipartThreshold bytes up to which content is sent with one PutObject
 * @param partSize bytes per part of a multipart upload but the last
 * @param conditionalWrites whether publishing once sends {@code If-None-Match: *}
 * @param stagingDirectory where staged content is written, or null for {@code java.io.tmpdir}
 * @param connectTimeout TCP connect timeout
 * @param socketTimeout read timeout on a connection
 * @param apiCallTimeout limit of one request with its retries
 * @param maxConnections connection pool size
 * @param publishedCacheSize bytes of published content kept in memory for reads by this process
 */
public record S3Settings(
        String region,
        URI endpoint,
        boolean pathStyleAccess,
        long multipartThreshold,
        long partSize,
        boolean conditionalWrites,
        Path stagingDirectory,
        Duration connectTimeout,
        Duration socketTimeout,
        Duration apiCallTimeout,
        int maxConnections,
        long publishedCacheSize) {

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+)\\s*([a-zA-Z]*)\\s*");
    /** What a size key takes; kart's {@code -D KEY=''} advice quotes it for these keys (KeyExpectations). */
    private static final String SIZE_EXPECTED = "a size such as 8MiB, 512KiB or 1048576 (units: B, KiB, MiB, GiB, KB,"
            + " MB, GB)";
    /** S3 allows at most this many parts in one upload. */
    static final int MAX_PARTS = 10_000;

    /**
     * @param section {@code kart.storage.s3}, with the reference.conf merged in
     * @return its settings
     * @throws KartConfigException when a value is missing, of the wrong type or out of range; the
     *     message names the key and where it was set
     */
    public static S3Settings from(ConfigSection section) {
        String region = optionalString(section, "region");
        String endpointText = optionalString(section, "endpoint");
        URI endpoint = null;
        if (endpointText != null) {
            try {
                endpoint = new URI(endpointText);
            } catch (URISyntaxException e) {
                throw invalid(section, "endpoint", endpointText, "a URL such as http://127.0.0.1:9000");
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null
                    || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
                    || endpoint.getRawUserInfo() != null) {
                // as written, but for user information, which may be a password
                String shown = endpoint.getRawUserInfo() == null ? endpointText
                        : endpointText.replace(endpoint.getRawUserInfo() + "@", "***@");
                throw invalid(section, "endpoint", shown,
                        "an http:// or https:// URL with a host and no user information, such as http://127.0.0.1:9000");
            }
        }
        long threshold = size(section, "multipart-threshold");
        long partSize = size(section, "part-size");
        if (threshold < 1) {
            throw invalid(section, "multipart-threshold", section.getString("multipart-threshold"), "a size of at least 1 byte");
        }
        if (partSize < 1) {
            throw invalid(section, "part-size", section.getString("part-size"), "a size of at least 1 byte");
        }
        if (threshold > 5L * 1024 * 1024 * 1024) {
            throw invalid(section, "multipart-threshold", section.getString("multipart-threshold"), "at most 5GiB (S3's limit of one PutObject)");
        }
        if (partSize > 5L * 1024 * 1024 * 1024) {
            throw invalid(section, "part-size", section.getString("part-size"), "at most 5GiB (S3's limit of one part)");
        }
        String staging = optionalString(section, "staging-directory");
        int maxConnections = section.getInt("max-connections");
        if (maxConnections < 1) {
            throw new KartConfigException(keyAndOrigin(section, "max-connections") + " is " + maxConnections
                    + ", expected at least 1");
        }
        return new S3Settings(
                region,
                endpoint,
                section.getBoolean("path-style-access"),
                threshold,
                partSize,
                section.getBoolean("conditional-writes"),
                staging == null ? null : Path.of(staging),
                positive(section, "connect-timeout"),
                positive(section, "socket-timeout"),
                positive(section, "api-call-timeout"),
                maxConnections,
                size(section, "published-cache-size"));
    }

    /** @return the endpoint for messages: the override, or AWS S3 with the region */
    String describeEndpoint(String resolvedRegion) {
        return endpoint != null ? endpoint.toString() : "AWS S3 in region " + resolvedRegion;
    }

    private static String optionalString(ConfigSection section, String key) {
        if (!section.has(key)) {
            return null;
        }
        String value = section.getString(key).trim();
        return value.isEmpty() ? null : value;
    }

    private static Duration positive(ConfigSection section, String key) {
        Duration value = section.getDuration(key);
        if (value.isNegative() || value.isZero()) {
            throw invalid(section, key, section.getString(key), "a positive duration such as 10s");
        }
        return value;
    }

    /** Parses 16MiB, 512KiB, 5MB or plain bytes; the config interface has no size getter. */
    static long size(ConfigSection section, String key) {
        String text = section.getString(key);
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw invalid(section, key, text, SIZE_EXPECTED);
        }
        long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "ki", "kib" -> 1L << 10;
            case "m", "mi", "mib" -> 1L << 20;
            case "g", "gi", "gib" -> 1L << 30;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            default -> throw invalid(section, key, text, SIZE_EXPECTED);
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw invalid(section, key, text, "a size below 8EiB");
        }
    }

    /** As kart words a config value it refuses: {@code config key 'K' (where it was set) is 'V', expected E}. */
    private static KartConfigException invalid(ConfigSection section, String key, String value, String expected) {
        return new KartConfigException(keyAndOrigin(section, key) + (value.isEmpty() ? " is empty" : " is '" + value + "'")
                + ", expected " + expected);
    }

    private static String keyAndOrigin(ConfigSection section, String key) {
        return "config key '" + section.path() + "." + key + "' (" + section.origin(key) + ")";
    }
}
