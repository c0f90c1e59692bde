package dev.kart.lock.redis.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** Schedulers on daemon threads, so an unclosed backend never keeps a JVM alive. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /**
     * @param name thread name prefix
     * @param threads pool size
     * @return a scheduler whose cancelled tasks leave its queue at once
     */
    public static ScheduledExecutorService scheduler(String name, int threads) {
        AtomicInteger counter = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = (ScheduledThreadPoolExecutor) Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
