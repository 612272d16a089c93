package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when a ByteBuf it created was garbage-collected without being released.
 * Each test checks what Netty reported so far; at the end of the class the garbage collector
 * is run until every unreachable buffer has been seen.
 */
public final class LeakDetectionExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel())
                .as("tests must run with -Dio.netty.leakDetection.level=PARANOID")
                .isEqualTo(ResourceLeakDetector.Level.PARANOID);
        PooledByteBufAllocator.DEFAULT.buffer(1).release();
        assertThat(RecordingLeakDetector.installed)
                .as("tests must run with -Dio.netty.customResourceLeakDetector=" + RecordingLeakDetector.class.getName())
                .isTrue();
        collectAndCheck(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        poll();
        check(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        collectAndCheck(context);
    }

    private static void collectAndCheck(ExtensionContext context) {
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            poll();
        }
        check(context);
    }

    /** Netty reports collected, unreleased buffers when it next tracks one. */
    private static void poll() {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(1);
        pooled.release();
    }

    private static void check(ExtensionContext context) {
        if (!RecordingLeakDetector.LEAKS.isEmpty()) {
            String leaks = String.join("\n", RecordingLeakDetector.LEAKS);
            RecordingLeakDetector.LEAKS.clear();
            throw new AssertionError("ByteBuf leak detected in " + context.getDisplayName() + ":\n" + leaks);
        }
    }
}
