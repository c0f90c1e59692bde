/**
 * The storage SPI: where a workspace's cache files, task info and logs live, addressed by relative
 * paths, with publish-once writes. kart-core brings the local file system ({@code file:}); other
 * stores come as modules ({@code kart-storage-s3} for {@code s3://bucket/prefix}) found by
 * {@link java.util.ServiceLoader} from the workspace URI's scheme, as lock backends are.
 */
package dev.kart.storage;
