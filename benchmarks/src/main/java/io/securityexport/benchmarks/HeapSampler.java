package io.securityexport.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the live heap: the heap pools' usage right after their last collection, which is what stays reachable
 * (peak usage between collections mostly measures garbage). Reported as the maximum over the run.
 */
final class HeapSampler implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "heap-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong maxLiveBytes = new AtomicLong();
    private final AtomicLong maxUsedBytes = new AtomicLong();
    private final AtomicLong windowLiveBytes = new AtomicLong();

    HeapSampler() {
        timer.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    long maxLiveMiB() {
        sample();
        return maxLiveBytes.get() / (1024 * 1024);
    }

    /** Starts a window of its own for {@link #windowLiveMiB()}. */
    void startWindow() {
        System.gc(); // the window's figure should not be the previous one's last collection
        windowLiveBytes.set(0);
        sample();
    }

    /** The most live heap since {@link #startWindow()}. */
    long windowLiveMiB() {
        sample();
        return windowLiveBytes.get() / (1024 * 1024);
    }

    /** The most heap in use at any sample, garbage included: the figure -Xmx must cover. */
    long maxUsedMiB() {
        sample();
        return maxUsedBytes.get() / (1024 * 1024);
    }

    private void sample() {
        Runtime runtime = Runtime.getRuntime();
        maxUsedBytes.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterGc != null) {
                live += afterGc.getUsed();
            }
        }
        maxLiveBytes.accumulateAndGet(live, Math::max);
        windowLiveBytes.accumulateAndGet(live, Math::max);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
