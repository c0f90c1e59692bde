/**
 * The test kit for kart users: {@link dev.kart.test.KartTest} / {@link dev.kart.test.KartExtension}
 * give each JUnit 5 test a {@link dev.kart.test.KartTestRuntime} with a temporary workspace and an
 * in-memory lock table of its own, to build tasks and check what ran and what came from the cache.
 * The table runs on a {@link dev.kart.test.ManualClock}, so a test moves lease time by hand.
 */
package dev.kart.test;
