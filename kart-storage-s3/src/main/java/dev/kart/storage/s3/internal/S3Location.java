package dev.kart.storage.s3.internal;

import dev.kart.config.KartConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * A workspace URI {@code s3://bucket/prefix} taken apart.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix, empty or ending with {@code /}
 */
public record S3Location(String bucket, String prefix) {
    // S3's rules for bucket names (3 to 63 lower-case letters, digits, dots and hyphens)
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /**
     * @param location such as {@code s3://bucket/prefix}
     * @return its bucket and prefix
     * @throws KartConfigException when it is not an s3 URI of a valid bucket; the message never
     *     repeats user information the URI may carry
     */
    public static S3Location parse(URI location) {
        if (location == null || !"s3".equalsIgnoreCase(location.getScheme())) {
            throw new KartConfigException("workspace " + shown(location) + " is not an s3:// URI; expected s3://bucket/prefix");
        }
        if (location.getRawUserInfo() != null) {
            // never echo it: it may be a key pair
            throw new KartConfigException("workspace s3://" + location.getHost() + location.getRawPath()
                    + " carries user information; S3 credentials come from the AWS default provider chain"
                    + " (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, an instance role), never from the URI");
        }
        if (location.getRawQuery() != null || location.getRawFragment() != null || location.getPort() != -1) {
            throw new KartConfigException("workspace " + shown(location) + " has a port, query or fragment; expected s3://bucket/prefix"
                    + " (set the store's address in kart.storage.s3.endpoint)");
        }
        if (location.getRawAuthority() == null) {
            // s3:/bucket/prefix or s3:bucket: the bucket is fine, the // is what is missing; s3:///p has no bucket
            throw new KartConfigException("workspace " + shown(location) + (location.toString().regionMatches(true, 0,
                    "s3://", 0, 5) ? " names no bucket" : " has no // after s3:") + "; expected s3://bucket/prefix");
        }
        String bucket = location.getAuthority();
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new KartConfigException("workspace " + shown(location) + " does not name a valid bucket: expected s3://bucket/prefix with"
                    + " a bucket name of 3 to 63 lower-case letters, digits, dots and hyphens");
        }
        String path = location.getPath() == null ? "" : location.getPath();
        // only the one '/' after the bucket goes: s3://bucket//p would otherwise silently be s3://bucket/p
        String prefix = path.startsWith("/") ? path.substring(1) : path;
        if (!prefix.isEmpty()) {
            // one trailing '/' is how many write a directory-like prefix: s3://bucket/p/ is s3://bucket/p
            if (!prefix.endsWith("/")) {
                prefix = prefix + "/";
            }
            for (String segment : prefix.substring(0, prefix.length() - 1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new KartConfigException("workspace " + shown(location) + " (kart.workspace) has "
                            + (segment.isEmpty() ? "an empty segment (a doubled '/')" : "a '" + segment + "' segment")
                            + " in its prefix; expected s3://bucket/prefix/of/segments, no segment empty, '.' or '..'"
                            + " (one trailing '/' is allowed)");
                }
            }
        }
        return new S3Location(bucket, prefix);
    }

    /**
     * The URI as messages show it: a key pair written before an {@code @} is left out even where it
     * does not parse as user information (a secret holding {@code /} ends the authority early).
     */
    private static String shown(URI location) {
        if (location == null) {
            return "null";
        }
        String text = location.toString();
        int authority = text.indexOf("://");
        int at = text.lastIndexOf('@');
        return authority < 0 || at < authority ? text : text.substring(0, authority + 3) + "***" + text.substring(at);
    }

    /**
     * @return {@code s3://bucket/prefix/}, the prefix quoted where a URI needs it ({@code s3://b/my%20ws/} for the
     *     prefix {@code my ws/}), as it was given
     */
    public URI uri() {
        try {
            return new URI("s3", bucket, "/" + prefix, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the workspace s3://" + bucket + " and its prefix make no URI", e);
        }
    }

    /**
     * @param key a key in the bucket
     * @return {@code s3://bucket/key}, for messages
     */
    public String describe(String key) {
        return "s3://" + bucket + "/" + key;
    }
}
