package org.sluice.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Netty {@link ResourceLeakDetector} that remembers every leak it reports (and still logs
 * it), so that a test can fail on it instead of a log line going unnoticed.
 *
 * <p>{@link #install()} makes Netty create detectors of this kind; it must run before Netty
 * creates its detectors (the one for {@code ByteBuf} is created when the first buffer class
 * is initialised). {@link LeakDetection} installs it when JUnit loads the extension, which is
 * before any test code runs. Naming this class in {@code -Dio.netty.customResourceLeakDetector}
 * has the same effect from the very start of the JVM. Should the {@code ByteBuf} detector
 * nevertheless be an ordinary one, {@link #install()} attaches a listener to it instead.
 *
 * <p>Netty reports a leak only when the leaked object has been garbage-collected and the
 * detector is next asked to track an object: {@link #collectLeaks()} forces both.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    /** A leak Netty reported: the type of the leaked object and its access records. */
    public record Leak(String resourceType, String records) {
        @Override
        public String toString() {
            return "LEAK: " + resourceType + ".release() was not called before it was garbage-collected."
                    + (records.isEmpty() ? " (no access records: run with -Dio.netty.leakDetection.level=paranoid)" : records);
        }
    }

    private static final Queue<Leak> LEAKS = new ConcurrentLinkedQueue<>();
    /** Detectors to poke so that they look at their queue of collected objects. */
    private static final List<ResourceLeakDetector<?>> DETECTORS = new CopyOnWriteArrayList<>();
    private static final int GC_ROUNDS = 2;
    private static boolean installed;

    /** The constructor Netty calls for {@code -Dio.netty.customResourceLeakDetector}. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        DETECTORS.add(this);
    }

    /**
     * Makes Netty create recording detectors from now on, and raises the detection level to
     * PARANOID if it is lower (a sampled detector would miss leaks, and an untraced leak is
     * reported only once per JVM). Idempotent.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        if (ResourceLeakDetector.getLevel() != Level.DISABLED
                && ResourceLeakDetector.getLevel().ordinal() < Level.PARANOID.ordinal()) {
            ResourceLeakDetector.setLevel(Level.PARANOID);
        }
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new Factory());
        ResourceLeakDetector<?> buffers = byteBufDetector();
        if (buffers != null && !(buffers instanceof RecordingLeakDetector)) {
            buffers.setLeakListener((type, records) -> LEAKS.add(new Leak(type, records)));
            DETECTORS.add(buffers);
        }
    }

    /**
     * Lets the garbage collector find unreachable tracked objects, has every detector report
     * them, and returns (and forgets) the leaks reported since the last call.
     */
    public static List<Leak> collectLeaks() {
        for (int round = 0; round < GC_ROUNDS; round++) {
            collectGarbage();
        }
        for (ResourceLeakDetector<?> detector : DETECTORS) {
            poke(detector);
        }
        // The ByteBuf detector may be one we could not reach; any tracked allocation (heap
        // buffers of the unpooled allocator are not tracked) makes it report.
        ByteBuf probe = Unpooled.directBuffer(1);
        probe.release();
        List<Leak> leaks = new ArrayList<>();
        for (Leak leak; (leak = LEAKS.poll()) != null; ) {
            leaks.add(leak);
        }
        return leaks;
    }

    @Override
    protected boolean needReport() {
        // Record leaks even when error logging is off.
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        LEAKS.add(new Leak(resourceType, records));
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        LEAKS.add(new Leak(resourceType, ""));
        super.reportUntracedLeak(resourceType);
    }

    /**
     * Runs a full collection and waits until the collected references have been queued: once
     * a reference cleared by this collection is queued, those of earlier collections are too.
     */
    private static void collectGarbage() {
        ReferenceQueue<Object> queue = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), queue);
        System.gc();
        try {
            queue.remove(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }

    /** A detector reports the leaks in its queue whenever it starts tracking an object. */
    @SuppressWarnings("unchecked")
    private static void poke(ResourceLeakDetector<?> detector) {
        Object probe = new Object();
        ResourceLeakTracker<Object> tracker = ((ResourceLeakDetector<Object>) detector).trackForcibly(probe);
        if (tracker != null) {
            tracker.close(probe);
        }
    }

    /** Netty's detector for ByteBufs, or null if it cannot be reached. */
    private static ResourceLeakDetector<?> byteBufDetector() {
        try {
            Field field = Class.forName("io.netty.buffer.AbstractByteBuf").getDeclaredField("leakDetector");
            field.setAccessible(true);
            return (ResourceLeakDetector<?>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static final class Factory extends ResourceLeakDetectorFactory {
        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingLeakDetector<>(resource, samplingInterval);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingLeakDetector<>(resource, samplingInterval);
        }
    }
}
