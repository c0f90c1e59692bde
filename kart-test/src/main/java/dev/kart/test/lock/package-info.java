/**
 * For lock backend authors: {@link dev.kart.test.lock.LockBackendContract}, the JUnit 5 suite every
 * backend passes, and {@link dev.kart.test.lock.TestLockSettings} to configure a backend in code.
 */
package dev.kart.test.lock;
