/**
 * How the runtime picks and holds its lock backend: providers found with {@link java.util.ServiceLoader},
 * selected by {@code kart.lock.backend}. Internal to kart-core.
 */
package dev.kart.core.internal.lock;
