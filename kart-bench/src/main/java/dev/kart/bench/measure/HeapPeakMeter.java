package dev.kart.bench.measure;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Follows heap use while it is open. Heap use peaks right before a collection, so the peak is taken
 * from every collection's "before" figures (summed over heap pools at that instant), and from the
 * heap in use when asked. It also keeps the largest heap use right after a collection, and gives
 * the sum of each heap pool's own peak, an upper bound since pools peak at different times.
 */
public final class HeapPeakMeter implements AutoCloseable {
    private static final long MB = 1024 * 1024;

    private final AtomicLong peakBytes = new AtomicLong();
    private final AtomicLong afterCollectionBytes = new AtomicLong();
    private final Set<String> heapPools;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::collected;

    private HeapPeakMeter() {
        this.heapPools = Set.copyOf(ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).toList());
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** @return a meter following the heap from now on */
    public static HeapPeakMeter start() {
        return new HeapPeakMeter();
    }

    /** @return the largest heap use seen, in MiB */
    public double peakMb() {
        long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return Math.max(peakBytes.get(), now) / (double) MB;
    }

    /** @return the largest heap use right after a collection, in MiB (after a young collection this still includes old garbage) */
    public double maxAfterCollectionMb() {
        return afterCollectionBytes.get() / (double) MB;
    }

    /** @return the sum of each heap pool's own peak use, in MiB */
    public double sumOfPoolPeaksMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / (double) MB;
    }

    /** @return the heap limit ({@code -Xmx}), in MiB */
    public static double maxHeapMb() {
        return Runtime.getRuntime().maxMemory() / (double) MB;
    }

    private void collected(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        peakBytes.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
        afterCollectionBytes.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
    }

    private long heapUsed(Map<String, MemoryUsage> byPool) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : byPool.entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    /** Stops following collections. */
    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // already gone
            }
        }
    }
}
