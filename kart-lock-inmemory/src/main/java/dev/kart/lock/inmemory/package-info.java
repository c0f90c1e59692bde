/**
 * The {@code in-memory} lock backend: one JVM, real lease semantics, and a {@link
 * dev.kart.lock.inmemory.ManualTicker} for tests that need time to pass quickly.
 */
package dev.kart.lock.inmemory;
