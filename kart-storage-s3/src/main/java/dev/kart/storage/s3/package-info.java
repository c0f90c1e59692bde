/**
 * The S3 storage provider: a workspace URI {@code s3://bucket/prefix} opens the objects under
 * {@code prefix/} in {@code bucket}, in AWS S3 or a store speaking its API (MinIO, Ceph, R2) through
 * {@code kart.storage.s3.endpoint}.
 */
package dev.kart.storage.s3;
