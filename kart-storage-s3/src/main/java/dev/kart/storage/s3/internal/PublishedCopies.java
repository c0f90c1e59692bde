package dev.kart.storage.s3.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;

/**
 * Copies of the small objects this process published, kept in memory so that reading one again (a
 * dependent task loading what a task of this process just published, the common case of a pipeline)
 * costs no GetObject. Bounded by {@code kart.storage.s3.published-cache-size} in bytes, least
 * recently used first out; an object larger than a sixteenth of that is never kept. A copy is what
 * this process published: it is dropped when this process deletes the object or publishes it again,
 * but a replacement or deletion by another process is not seen (a rerun elsewhere), so a read here
 * may return the content this process published where a GetObject would return newer content.
 * Thread-safe.
 */
final class PublishedCopies {
    private static final int LARGEST_SHARE = 16;

    private final long largest;
    private final Cache<String, byte[]> copies;

    /** @param capacity bytes of content kept at most; 0 keeps nothing */
    PublishedCopies(long capacity) {
        this.largest = capacity / LARGEST_SHARE;
        this.copies = Caffeine.newBuilder().maximumWeight(capacity).<String, byte[]>weigher((key, bytes) -> bytes.length)
                .build();
    }

    /**
     * Keeps a copy of an object just published, if it is small enough.
     *
     * @param key the object's key
     * @param content its content, as sent; not modified afterwards
     */
    void published(String key, byte[] content) {
        if (content.length > largest) {
            copies.invalidate(key);
        } else {
            copies.put(key, content);
        }
    }

    /** @param key an object this process deleted, or found published by another writer */
    void forget(String key) {
        copies.invalidate(key);
    }

    /**
     * @param key an object's key
     * @return its content as this process published it, when a copy is kept
     */
    Optional<InputStream> open(String key) {
        byte[] bytes = copies.getIfPresent(key);
        return bytes == null ? Optional.empty() : Optional.of(new ByteArrayInputStream(bytes));
    }
}
