/**
 * For storage authors: {@link dev.kart.test.support.storage.StorageContract}, the JUnit 5 suite
 * every {@link dev.kart.storage.WorkspaceStorage} passes unchanged: the local file system in
 * kart-core, S3 in kart-storage-s3.
 */
package dev.kart.test.support.storage;
