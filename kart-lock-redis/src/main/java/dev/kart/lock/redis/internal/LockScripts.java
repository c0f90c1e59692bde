package dev.kart.lock.redis.internal;

import dev.kart.lock.LockMode;

/**
 * kart's lock protocol, three Lua scripts beside this class that both bindings run: every lock of
 * the Jedis binding, the cache locks of the Redisson binding; and a fourth that reads who holds a
 * key, for run locks of both bindings. Each states its keys, arguments and reply at its top.
 */
public final class LockScripts {
    /**
     * Takes a key: SET NX PX for an exclusive holder, a hash field with its own expiry for each shared
     * holder; with the fencing counter and data epoch as keys also INCR for the token and the epoch.
     */
    public static final LuaScript ACQUIRE = load("acquire.lua");
    /**
     * Compare-and-delete by holder id ({@link HolderIds}), then PUBLISH on the key's channel (the key
     * itself) once the key is free; also deletes the hold of an acquire whose reply never came.
     */
    public static final LuaScript RELEASE = load("release.lua");
    /** Compare-and-pexpire by holder id; a shared holder's renewal never shortens the key's life. */
    public static final LuaScript RENEW = load("renew.lua");
    /**
     * Reads one key's holders in one step, with the server's clock and the key's TTL: a string's value
     * or a hash's fields. Reads only.
     */
    public static final LuaScript HOLDER = load("holder.lua");

    /**
     * Raises the fencing counter to the server's clock in microseconds unless it is above it: run on
     * a primary a backend has not talked to before, so tokens never go back after a failover, and on one
     * server before a backend's first grant, so they never go back after a switch to the other binding's counter.
     */
    public static final LuaScript FENCE_FLOOR = load("fence-floor.lua");

    /** The message release.lua publishes on the key's channel. */
    public static final String RELEASED = "released";

    private LockScripts() {
    }

    /**
     * @param mode how the lease is held
     * @return the scripts' mode argument: {@code exclusive} or {@code shared}
     */
    public static String modeArgument(LockMode mode) {
        return mode == LockMode.EXCLUSIVE ? "exclusive" : "shared";
    }

    private static LuaScript load(String resource) {
        return LuaScript.load(resource, name -> LockScripts.class.getResourceAsStream(name));
    }
}
