package dev.kart.core.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class FanOutTest {
    @Test
    void everyIndexIsWorkedOnceWhateverTheCount() {
        for (FanOut.Spread spread : new FanOut.Spread[] {FanOut.LOCAL, FanOut.REMOTE}) {
            FanOut threads = new FanOut(4, spread, "fan-out-test-");
            for (int count : new int[] {0, 1, 2, 31, 32, 33, 1_000}) {
                AtomicIntegerArray calls = new AtomicIntegerArray(count);
                threads.forEach(count, calls::incrementAndGet);
                for (int i = 0; i < count; i++) {
                    assertThat(calls.get(i)).as("calls of index %s of %s (%s)", i, count, spread).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void oneThreadWorksOnTheCallingThreadAlone() {
        Map<Integer, Thread> threadOf = new ConcurrentHashMap<>();
        new FanOut(1, FanOut.REMOTE, "fan-out-test-").forEach(100, index -> threadOf.put(index, Thread.currentThread()));

        assertThat(threadOf).hasSize(100);
        assertThat(threadOf.values()).containsOnly(Thread.currentThread());
    }

    /** On a store of round trips two files are already worked at once; locally, tens of them first. */
    @Test
    void aRemoteSpreadWorksTwoFilesAtOnce() {
        CountDownLatch both = new CountDownLatch(2);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        new FanOut(16, FanOut.REMOTE, "fan-out-test-").forEach(2, index -> {
            threads.add(Thread.currentThread());
            both.countDown();
            await(both);
        });
        assertThat(threads).as("threads that worked the two files").hasSize(2);

        Set<Thread> local = ConcurrentHashMap.newKeySet();
        new FanOut(16, FanOut.LOCAL, "fan-out-test-").forEach(FanOut.LOCAL.minFiles() - 1,
                index -> local.add(Thread.currentThread()));
        assertThat(local).as("threads of fewer local files than wake a helper").containsExactly(Thread.currentThread());
    }

    /** Helpers work with the context class loader of the call at hand (a task jar's), whoever made them. */
    @Test
    void helpersWorkWithTheCallersContextClassLoader() throws Exception {
        FanOut fanOut = new FanOut(3, FanOut.REMOTE, "fan-out-test-");
        ClassLoader own = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader tasks = new URLClassLoader(new URL[0], own)) {
            Map<Thread, ClassLoader> loaderOf = new ConcurrentHashMap<>();
            CountDownLatch twoThreads = new CountDownLatch(2);
            Thread.currentThread().setContextClassLoader(tasks);
            fanOut.forEach(3, index -> {
                if (loaderOf.putIfAbsent(Thread.currentThread(), Thread.currentThread().getContextClassLoader()) == null) {
                    twoThreads.countDown();
                }
                await(twoThreads);
            });

            assertThat(loaderOf).as("threads that worked").hasSizeGreaterThanOrEqualTo(2);
            assertThat(loaderOf.values()).containsOnly(tasks);
        } finally {
            Thread.currentThread().setContextClassLoader(own);
        }
    }

    /** The failure of the lowest index is rethrown, though a higher one failed first: as one thread would have met it. */
    @Test
    void theFailureOfTheLowestIndexIsRethrown() {
        CountDownLatch laterFailed = new CountDownLatch(1);
        assertThatThrownBy(() -> new FanOut(4, FanOut.LOCAL, "fan-out-test-").forEach(64, index -> {
            if (index == 3) {
                await(laterFailed);
                pause();
                throw new IllegalStateException("index 3");
            }
            if (index == 20) {
                laterFailed.countDown();
                throw new IllegalStateException("index 20");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("index 3");
    }

    @Test
    void anErrorOfAHelperReachesTheCallerBeforeAnyException() {
        CountDownLatch helperStarted = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        assertThatThrownBy(() -> new FanOut(4, FanOut.LOCAL, "fan-out-test-").forEach(64, index -> {
            if (Thread.currentThread() == caller) {
                // the caller fails once a helper took a file, so that some file is a helper's
                await(helperStarted);
                throw new IllegalStateException("the caller's exception");
            }
            helperStarted.countDown();
            throw new AssertionError("a helper's error");
        })).isInstanceOf(AssertionError.class).hasMessage("a helper's error")
                .satisfies(error -> assertThat(error.getSuppressed()).as("the caller's stack, added")
                        .anySatisfy(added -> assertThat(added).hasMessageContaining("rethrown on " + caller.getName())));
    }

    /**
     * An error on the calling thread is rethrown only once the helpers' work ended: what guards their files (a
     * load's shared leases) is released after it. The helper is let go only once the caller waits for it.
     */
    @Test
    void anErrorOfTheCallerWaitsForTheHelpersWork() throws InterruptedException {
        CountDownLatch helperInside = new CountDownLatch(1);
        CountDownLatch letHelperEnd = new CountDownLatch(1);
        AtomicBoolean helperEnded = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            await(helperInside);
            // the caller's wait for the helper's future is untimed (WAITING); its wait for the latch above is timed
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            letHelperEnd.countDown();
        });
        releaser.start();
        try {
            assertThatThrownBy(() -> new FanOut(2, FanOut.REMOTE, "fan-out-test-").forEach(2, index -> {
                if (Thread.currentThread() == caller) {
                    await(helperInside);
                    throw new OutOfMemoryError("the caller's error");
                }
                helperInside.countDown();
                await(letHelperEnd);
                helperEnded.set(true);
            })).isInstanceOf(OutOfMemoryError.class);
            assertThat(helperEnded).as("the helper's work ended before the error reached the caller").isTrue();
        } finally {
            letHelperEnd.countDown();
            releaser.join();
        }
    }

    /** Waits for the latch, 30 s at most: then it opens it for every later waiter, so that a regression fails soon. */
    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                while (latch.getCount() > 0) {
                    latch.countDown();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets a failure that came first be handed on, so that code keeping the first one in time would be seen to. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
