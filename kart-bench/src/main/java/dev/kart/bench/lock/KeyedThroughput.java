package dev.kart.bench.lock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The throughput of one keyed lock operation (an acquire and release, or its baseline) run by
 * several threads at once, each on keys of its own, all started by one latch.
 */
final class KeyedThroughput {
    private KeyedThroughput() {
    }

    /** One acquire + release on a key. */
    @FunctionalInterface
    interface KeyOperation {
        void apply(String key) throws InterruptedException;
    }

    /**
     * @param prefix the keys' common start
     * @param threads how many threads
     * @param perThread how many keys each thread gets
     * @return distinct cache-file-like keys, by thread
     */
    static String[][] keys(String prefix, int threads, int perThread) {
        String[][] keys = new String[threads][perThread];
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                keys[t][i] = prefix + "Leaf_" + t + "_" + i + ".json";
            }
        }
        return keys;
    }

    /**
     * @param keys the keys of each thread, one thread per row
     * @param operation what each thread does on each of its keys
     * @return operations per second, all threads together
     * @throws IllegalStateException when a thread failed (its errors suppressed in it)
     * @throws InterruptedException when interrupted while waiting for the threads
     */
    static double opsPerSecond(String[][] keys, KeyOperation operation) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        int operations = 0;
        for (String[] own : keys) {
            operations += own.length;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (String key : own) {
                        operation.apply(key);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }, "bench-lock-" + workers.size());
            worker.start();
            workers.add(worker);
        }
        long begin = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (!errors.isEmpty()) {
            IllegalStateException failure = new IllegalStateException("a lock benchmark thread failed");
            errors.forEach(failure::addSuppressed);
            throw failure;
        }
        return operations / seconds;
    }
}
