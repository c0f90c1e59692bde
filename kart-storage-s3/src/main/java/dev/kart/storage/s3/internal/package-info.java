/** The S3 storage's implementation: settings, staging (temporary file or multipart upload), error mapping. Not an API. */
package dev.kart.storage.s3.internal;
