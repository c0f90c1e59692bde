package dev.kart.test.support.lock;

import dev.kart.lock.LeaseSettings;
import dev.kart.lock.LockMode;
import dev.kart.test.support.process.WorkerJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link LeaseHolderProcess} that is a real JVM ({@link LeaseHolderMain} on the test's class path),
 * for backends that several JVMs share: a backend's {@link LockBackendContract} test returns it from
 * {@link LockBackendContract#startHolder}. Killing it is SIGKILL.
 */
public final class LeaseHolderJvm implements LeaseHolderProcess {
    /** The file the worker writes once it holds its lease ({@code held TOKEN}) or was refused ({@code refused}). */
    static final String READY = "ready";
    /** The file the test creates to let the worker release. */
    static final String RELEASE = "release";
    /** The file the worker writes once released: {@code held true} or {@code held false}. */
    static final String RELEASED = "released";
    /** The longest a worker may take to start and take its lease, or to release and end, on a busy machine. */
    private static final Duration GUARD = Duration.ofSeconds(60);

    private final WorkerJvm worker;
    private final Path directory;
    private final long fencingToken;

    private LeaseHolderJvm(WorkerJvm worker, Path directory, long fencingToken) {
        this.worker = worker;
        this.directory = directory;
        this.fencingToken = fencingToken;
    }

    /**
     * Starts the worker and waits until it holds its lease.
     *
     * @param name a name for messages
     * @param opener opens the backend in the worker
     * @param properties system properties for the worker, such as where the server is
     * @param lease the worker's lease settings (prefix, TTL, renew interval, owner)
     * @param target the cache target
     * @param mode shared or exclusive
     * @return the worker, holding its lease
     * @throws AssertionError when it could not take the lease (others hold it), died, or did not take
     *     it within 60 s; the message has what it printed
     * @throws InterruptedException when interrupted while waiting
     * @throws UncheckedIOException when its directory cannot be made
     */
    public static LeaseHolderJvm start(String name, Class<? extends WorkerBackendOpener> opener, Map<String, String> properties,
            LeaseSettings lease, String target, LockMode mode) throws InterruptedException {
        Path directory;
        try {
            directory = Files.createTempDirectory("kart-lease-holder-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for lease holder " + name, e);
        }
        WorkerJvm worker = WorkerJvm.start(directory, name, LeaseHolderMain.class, Map.of(), properties, List.of(
                opener.getName(), directory.toString(), lease.prefix(), Long.toString(lease.ttl().toMillis()),
                Long.toString(lease.renewInterval().toMillis()), lease.owner(), target, mode.name()));
        try {
            String ready = awaitFile(worker, directory.resolve(READY), "take its " + mode + " lease on " + target);
            if (!ready.startsWith("held ")) {
                throw new AssertionError(worker + " could not take a " + mode + " lease on " + target + ": others hold it");
            }
            return new LeaseHolderJvm(worker, directory, Long.parseLong(ready.substring("held ".length())));
        } catch (AssertionError | InterruptedException | RuntimeException e) {
            worker.close();
            deleteQuietly(directory);
            throw e;
        }
    }

    @Override
    public long fencingToken() {
        return fencingToken;
    }

    @Override
    public boolean release() throws InterruptedException {
        try {
            Files.createFile(directory.resolve(RELEASE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell " + worker + " to release", e);
        }
        String released = awaitFile(worker, directory.resolve(RELEASED), "release its lease");
        int status = worker.awaitExit(GUARD);
        if (status != 0) {
            throw new AssertionError(worker + " exited with " + status + " after releasing; it printed:\n" + worker.output());
        }
        return released.equals("held true");
    }

    @Override
    public void kill() throws InterruptedException {
        worker.kill();
    }

    @Override
    public void close() {
        worker.close();
        deleteQuietly(directory);
    }

    @Override
    public String toString() {
        return worker.toString();
    }

    private static String awaitFile(WorkerJvm worker, Path file, String what) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (!Files.exists(file)) {
            if (!worker.alive() && !Files.exists(file)) {
                throw new AssertionError(worker + " ended before it could " + what + "; it printed:\n" + worker.output());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(worker + " did not " + what + " within " + GUARD + "; it printed:\n" + worker.output());
            }
            Thread.sleep(20);
        }
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind harms no test
        }
    }
}
