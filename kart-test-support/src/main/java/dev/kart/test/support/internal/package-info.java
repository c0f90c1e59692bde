/**
 * Not exported: the Docker engine a test JVM starts for itself where none runs
 * ({@link dev.kart.test.support.internal.TestDockerd}), and the Testcontainers strategy that hands it
 * to Testcontainers.
 */
package dev.kart.test.support.internal;
