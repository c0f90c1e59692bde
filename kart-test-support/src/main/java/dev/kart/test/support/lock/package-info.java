/**
 * For lock backend authors: {@link dev.kart.test.support.lock.LockBackendContract}, the JUnit 5
 * suite every backend and every binding passes unchanged, and the holders it starts as other
 * processes of the application: in the test's JVM by default, or real JVMs
 * ({@link dev.kart.test.support.lock.LeaseHolderJvm}, opening the backend with a
 * {@link dev.kart.test.support.lock.WorkerBackendOpener}).
 */
package dev.kart.test.support.lock;
