package dev.kart.core.internal.schedule;

import dev.kart.core.internal.cache.CacheTarget;
import dev.kart.core.internal.graph.TaskNode;
import dev.kart.core.internal.info.TaskInfoRecorder;
import dev.kart.format.Format;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes what a task's publish needs on first use while its {@code run()} computes, instead of on its
 * worker after it: the output formats' machinery for each declared output type ({@link Format#prepare},
 * Jackson's mapper and serializers for {@code .json}) and the task info writer's. Without it the first
 * task of each output type in a process pays that cost between its {@code run()} and its publish
 * (about 0.1 CPU-s for the first JSON output and task info record), which delays its dependents and,
 * under a run lock, the release of the lock other nodes wait for. Each format and type is prepared once
 * per runtime, on one background thread that ends when idle; a publish that comes first simply makes
 * the same things itself (Jackson and class initialization are thread-safe). Thread-safe.
 */
@Singleton
final class PublishPreparation {
    private static final Logger LOG = LoggerFactory.getLogger(PublishPreparation.class);

    private final TaskInfoRecorder info;
    private final Set<FormatAndType> started = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean taskInfoStarted = new AtomicBoolean();
    // no thread at all until a task runs, and none left once idle: a runtime that is never closed keeps none
    private final Executor background = new ThreadPoolExecutor(0, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            runnable -> {
                Thread thread = new Thread(runnable, "kart-publish-preparation");
                thread.setDaemon(true);
                return thread;
            });

    @Inject
    PublishPreparation(TaskInfoRecorder info) {
        this.info = info;
    }

    /**
     * Starts preparing, in the background, what publishing {@code node}'s outputs and task info takes,
     * unless that was started before. Returns at once.
     *
     * @param node a task about to call {@code run()}
     */
    void beforeRun(TaskNode node) {
        // called before every run(): no list is made once every output type was started
        List<FormatAndType> fresh = null;
        for (CacheTarget target : node.outputs()) {
            FormatAndType output = new FormatAndType(target.format(), target.type());
            if (started.add(output)) {
                if (fresh == null) {
                    fresh = new ArrayList<>(1);
                }
                fresh.add(output);
            }
        }
        boolean taskInfo = !taskInfoStarted.get() && taskInfoStarted.compareAndSet(false, true);
        if (fresh == null && !taskInfo) {
            return;
        }
        List<FormatAndType> toPrepare = fresh == null ? List.of() : fresh;
        background.execute(() -> {
            for (FormatAndType output : toPrepare) {
                try {
                    output.format().prepare(output.type());
                } catch (RuntimeException | LinkageError e) {
                    // the publish makes the same things again and reports the failure where it belongs
                    LOG.debug("preparing {} for {} failed: {}", output.format().extensions(), output.type(), e.toString());
                }
            }
            if (taskInfo) {
                try {
                    info.prepare();
                } catch (RuntimeException | LinkageError e) {
                    LOG.debug("preparing the task info writer failed: {}", e.toString());
                }
            }
        });
    }

    /**
     * A format and an output type. Its equals and hashCode are written out: a record's own are bound on
     * their first call (through {@code java.lang.runtime.ObjectMethods}), which cost the first task's
     * worker about 14 ms of CPU before its {@code run()}.
     */
    private record FormatAndType(Format format, Type type) {
        @Override
        public boolean equals(Object other) {
            return other instanceof FormatAndType that && format.equals(that.format) && type.equals(that.type);
        }

        @Override
        public int hashCode() {
            return 31 * format.hashCode() + type.hashCode();
        }
    }
}
