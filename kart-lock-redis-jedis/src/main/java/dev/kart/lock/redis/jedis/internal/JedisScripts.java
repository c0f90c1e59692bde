package dev.kart.lock.redis.jedis.internal;

import dev.kart.lock.redis.internal.LuaScript;

/**
 * The Jedis binding's lock protocol, three Lua scripts beside this class: acquire.lua, release.lua,
 * renew.lua. Each states its keys, arguments and reply at its top.
 */
final class JedisScripts {
    /** Takes a key: SET NX PX for exclusive, a hash field for shared, INCR for the fencing token; reads the data epoch. */
    static final LuaScript ACQUIRE = load("acquire.lua");
    /** Compare-and-delete, then PUBLISH on the key's channel. */
    static final LuaScript RELEASE = load("release.lua");
    /** Compare-and-pexpire. */
    static final LuaScript RENEW = load("renew.lua");

    private JedisScripts() {
    }

    private static LuaScript load(String resource) {
        return LuaScript.load(resource, name -> JedisScripts.class.getResourceAsStream(name));
    }
}
