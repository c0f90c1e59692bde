/**
 * The {@code in-memory} lock backend: one JVM, real lease semantics, on a {@link
 * dev.kart.lock.inmemory.LockClock} ({@link dev.kart.lock.inmemory.LockClock#system()} in
 * production; kart-test gives tests a clock they move by hand, so lease time can pass quickly).
 */
package dev.kart.lock.inmemory;
