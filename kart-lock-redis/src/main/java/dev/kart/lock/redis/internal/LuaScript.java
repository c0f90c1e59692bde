package dev.kart.lock.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

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
     * Reads a script shipped beside a binding's classes. The binding opens the resource itself
     * ({@code name -> LockScripts.class.getResourceAsStream(name)}): in a module, a resource of a
     * package that is not open can be read only by code of its own module.
     *
     * @param resource the script's file name, such as {@code acquire.lua}
     * @param opener opens a resource beside the binding's classes; returns null when it is missing
     * @return the script
     * @throws IllegalStateException when the resource is missing (a broken jar)
     */
    public static LuaScript load(String resource, Function<String, InputStream> opener) {
        try (InputStream in = opener.apply(resource)) {
            if (in == null) {
                throw new IllegalStateException("the lock script " + resource + " is missing from its binding's jar");
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
