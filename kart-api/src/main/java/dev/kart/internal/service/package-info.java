/**
 * Internal to kart: the implementations of its SPIs that jars register for {@code ServiceLoader},
 * loaded so that a registration kart cannot use is told in one line. Exported only to kart's own
 * modules that discover services (the runtime and the Redis backend's client bindings); not API.
 */
package dev.kart.internal.service;
