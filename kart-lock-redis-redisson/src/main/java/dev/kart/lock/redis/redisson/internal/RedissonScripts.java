package dev.kart.lock.redis.redisson.internal;

import dev.kart.lock.redis.internal.LuaScript;

/**
 * What kart adds to Redisson's lock (run locks) and to its own lock protocol run through Redisson (cache
 * locks, {@code LockScripts}), two Lua scripts beside this class; each states its keys,
 * arguments and reply at its top.
 */
final class RedissonScripts {
    /** A granted lease's fencing token and holder record; reads the data epoch. */
    static final LuaScript RECORD = load("redisson-record.lua");
    /** Whether a run-lock holder still has Redisson's lock, and for how long Redis keeps it. Reads only. */
    static final LuaScript CHECK = load("redisson-check.lua");

    private RedissonScripts() {
    }

    private static LuaScript load(String resource) {
        return LuaScript.load(resource, name -> RedissonScripts.class.getResourceAsStream(name));
    }
}
