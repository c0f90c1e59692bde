package dev.kart.lock.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts beside this class, with their SHA-1 for EVALSHA: the lock protocol of the Jedis
 * binding, and the holder records and lease confirmations of the Redisson binding. Immutable.
 */
enum LockScript {
    /** Takes a key: SET NX PX for exclusive, a hash field for shared, INCR for the fencing token. */
    ACQUIRE("acquire.lua"),
    /** Compare-and-delete, then PUBLISH on the key's channel. */
    RELEASE("release.lua"),
    /** Compare-and-pexpire. */
    RENEW("renew.lua"),
    /** Redisson binding: a holder record and, for read-write locks, a fencing token from a counter. */
    REDISSON_RECORD("redisson-record.lua"),
    /** Redisson binding: whether a holder still has its lock, and for how long. */
    REDISSON_CHECK("redisson-check.lua");

    private final String source;
    private final String sha1;

    LockScript(String resource) {
        try (InputStream in = LockScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the lock script " + resource + " is missing from kart-lock-redis");
            }
            this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock script " + resource, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1", e);
        }
    }

    /** @return the Lua source, sent with EVAL when the server does not know the script yet */
    String source() {
        return source;
    }

    /** @return the SHA-1 of the source, for EVALSHA */
    String sha1() {
        return sha1;
    }
}
