/**
 * For lock backend authors: {@link dev.kart.test.support.lock.LockBackendContract}, the JUnit 5
 * suite every backend and every binding passes unchanged.
 */
package dev.kart.test.support.lock;
