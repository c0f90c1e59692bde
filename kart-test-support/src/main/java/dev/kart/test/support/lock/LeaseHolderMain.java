package dev.kart.test.support.lock;

import dev.kart.lock.Lease;
import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockBackend;
import dev.kart.lock.LockMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The main class of a {@link LeaseHolderJvm}: opens the backend with a {@link WorkerBackendOpener},
 * takes one cache lease without waiting, says so in the file {@code ready} ({@code held TOKEN}, or
 * {@code refused}), holds the lease until the file {@code release} appears, then closes it and writes
 * {@code held true} or {@code held false} (whether the lease was still held right before) to the file
 * {@code released}. Exits 0 once released, 2 when refused.
 */
public final class LeaseHolderMain {
    /** How long a worker waits for its release before it gives up, so that no worker outlives a broken test for long. */
    private static final Duration RELEASE_GUARD = Duration.ofMinutes(10);

    private LeaseHolderMain() {
    }

    /**
     * @param args the opener's class name, the directory of the files, the key prefix, the TTL and the
     *     renew interval in milliseconds, the owner, the cache target and the mode ({@code SHARED} or
     *     {@code EXCLUSIVE}), as {@link LeaseHolderJvm} passes them
     * @throws Exception when the backend cannot be opened or the files cannot be written
     */
    public static void main(String[] args) throws Exception {
        WorkerBackendOpener opener = (WorkerBackendOpener) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Path directory = Path.of(args[1]);
        LeaseSettings lease = LeaseSettings.of(args[2], Duration.ofMillis(Long.parseLong(args[3])), args[5])
                .withRenewInterval(Duration.ofMillis(Long.parseLong(args[4])));
        String target = args[6];
        LockMode mode = LockMode.valueOf(args[7]);
        int status;
        try (LockBackend backend = opener.open(lease)) {
            Optional<Lease> taken = backend.cacheLock().tryAcquire(target, mode);
            if (taken.isEmpty()) {
                write(directory, LeaseHolderJvm.READY, "refused");
                status = 2;
            } else {
                Lease held = taken.get();
                write(directory, LeaseHolderJvm.READY, "held " + held.fencingToken());
                awaitRelease(directory.resolve(LeaseHolderJvm.RELEASE));
                boolean stillHeld = held.isHeld();
                held.close();
                write(directory, LeaseHolderJvm.RELEASED, "held " + stillHeld);
                status = 0;
            }
        }
        System.out.flush();
        // client library threads must not keep a finished worker alive
        System.exit(status);
    }

    private static void awaitRelease(Path release) throws InterruptedException {
        long deadline = System.nanoTime() + RELEASE_GUARD.toNanos();
        while (!Files.exists(release)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the test never created " + release);
            }
            Thread.sleep(10);
        }
    }

    /** Writes the file whole before it appears, so the test never reads half of it. */
    private static void write(Path directory, String name, String content) throws IOException {
        Path partial = directory.resolve(name + ".partial");
        Files.writeString(partial, content);
        Files.move(partial, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
