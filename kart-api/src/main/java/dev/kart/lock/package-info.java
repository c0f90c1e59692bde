/**
 * The lock SPI: {@link dev.kart.lock.CacheLock} guards cache files, {@link dev.kart.lock.RunLock}
 * guards {@code run()}, both hand out {@link dev.kart.lock.Lease}s with TTL, renewal and fencing
 * tokens. A backend module implements {@link dev.kart.lock.LockBackendProvider} and registers it
 * for {@link java.util.ServiceLoader}.
 */
package dev.kart.lock;
