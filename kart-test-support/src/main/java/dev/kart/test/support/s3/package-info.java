/**
 * S3 for tests: {@link dev.kart.test.support.s3.AtomicS3Server}, an in-memory S3 endpoint on a free
 * loopback port whose conditional writes are atomic under racing writers.
 */
package dev.kart.test.support.s3;
