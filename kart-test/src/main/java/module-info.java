/**
 * The test kit for users' task tests: a JUnit 5 extension giving each test a temporary workspace
 * and in-memory locks of its own on a {@link dev.kart.test.ManualClock}. It uses kart-core's public
 * package only.
 */
module dev.kart.test {
    requires transitive dev.kart.core;
    requires transitive dev.kart.lock.inmemory;
    requires transitive org.junit.jupiter.api;

    exports dev.kart.test;
    // JUnit makes the extension registered by @KartTest
    opens dev.kart.test to org.junit.platform.commons;
}
