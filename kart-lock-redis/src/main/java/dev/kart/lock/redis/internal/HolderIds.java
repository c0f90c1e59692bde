package dev.kart.lock.redis.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The holder ids a binding sends with the lock requests of kart's lock protocol ({@link LockScripts}),
 * {@code owner#number.tag}: the owner name ({@code host:pid}), a number counted in this JVM, and a
 * random tag of the backend. Unique per request, even across processes that share an owner name
 * (containers all running as pid 1 on one host name), since release.lua and renew.lua compare this id
 * alone: a request whose reply never came is cleaned up by it ({@link AbandonedRequests}). Thread-safe.
 */
public final class HolderIds {
    private static final AtomicLong NUMBERS = new AtomicLong();
    private static final int TAG_LENGTH = 6;

    private final String owner;
    private final String tag;

    /** @param owner who holds the leases, as listings show it ({@code host:pid}) */
    public HolderIds(String owner) {
        this.owner = owner;
        SecureRandom random = new SecureRandom();
        StringBuilder letters = new StringBuilder(TAG_LENGTH);
        for (int i = 0; i < TAG_LENGTH; i++) {
            letters.append(Character.forDigit(random.nextInt(Character.MAX_RADIX), Character.MAX_RADIX));
        }
        this.tag = letters.toString();
    }

    /** @return a holder id no other request has, such as {@code host:1234#17.k3f9x2} */
    public String next() {
        return owner + "#" + NUMBERS.incrementAndGet() + "." + tag;
    }
}
