/**
 * S3 for tests: {@link dev.kart.test.support.s3.AtomicS3Server}, an in-memory S3 endpoint on a free
 * loopback port whose conditional writes are atomic under racing writers, and
 * {@link dev.kart.test.support.s3.NotS3Server}, what a wrong endpoint reaches: a web server that is
 * not S3, or a port that does not speak HTTP.
 */
package dev.kart.test.support.s3;
