package dev.kart.lock.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script shipped as a resource beside a binding's classes, with its SHA-1 for EVALSHA.
 * Immutable.
 */
public final class LuaScript {
    private final String name;
    private final String source;
    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        try {
            this.sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1", e);
        }
    }

    /**
     * @param anchor a class in the package whose resource directory holds the script
     * @param resource the script's file name, such as {@code acquire.lua}
     * @return the script
     * @throws IllegalStateException when the resource is missing (a broken jar)
     */
    public static LuaScript load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the lock script " + resource + " is missing beside " + anchor.getName());
            }
            return new LuaScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lock script " + resource, e);
        }
    }

    /** @return the Lua source, sent with EVAL when the server does not know the script yet */
    public String source() {
        return source;
    }

    /** @return the SHA-1 of the source in hex, for EVALSHA */
    public String sha1() {
        return sha1;
    }

    @Override
    public String toString() {
        return name;
    }
}
