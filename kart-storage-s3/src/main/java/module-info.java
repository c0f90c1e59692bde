/**
 * A workspace in S3 or an S3-compatible store ({@code kart.workspace = s3://bucket/prefix}): the
 * {@link dev.kart.storage.StorageProvider} of scheme {@code s3}, over the AWS SDK for Java v2 and its
 * Apache HttpClient 5 client. Its settings are {@code kart.storage.s3} in this module's {@code reference.conf}.
 */
// the SDK's jars are automatic modules; "s3" is the scheme's name, digit and all
@SuppressWarnings("module")
module dev.kart.storage.s3 {
    requires transitive dev.kart.api;
    requires org.slf4j;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.utils;
    requires com.github.benmanes.caffeine;

    exports dev.kart.storage.s3;

    provides dev.kart.storage.StorageProvider with dev.kart.storage.s3.S3StorageProvider;
}
