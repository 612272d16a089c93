package org.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

class LeakDetectionTest {

    private static final String INNER_RUN = "sluice.testing.innerRun";

    @Test
    void aTestThatLeaksABufferFails() {
        EngineExecutionResults results = runInner(LeakingTests.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        Throwable failure = failureOf(results.testEvents().failed().list().getFirst());
        assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("resource leak(s) reported after test LeakingTests.leaksABuffer()")
                .hasMessageContaining("LEAK: ByteBuf.release() was not called")
                .hasMessageContaining("LeakingTests.leaksABuffer");
    }

    @Test
    void aTestThatReleasesItsBuffersPasses() {
        EngineExecutionResults results = runInner(TidyTests.class);

        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void theDetectorRecordsABufferThatWasNeverReleased() {
        RecordingLeakDetector.install();
        leakABuffer();

        List<RecordingLeakDetector.Leak> leaks = RecordingLeakDetector.collectLeaks();

        assertThat(leaks).singleElement().satisfies(leak -> {
            assertThat(leak.resourceType()).isEqualTo("ByteBuf");
            assertThat(leak.records()).contains("leakABuffer");
        });
        assertThat(RecordingLeakDetector.collectLeaks()).as("leaks are reported once").isEmpty();
    }

    private static void leakABuffer() {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
        buffer.writeCharSequence("never released", StandardCharsets.US_ASCII);
        buffer.touch("left behind by theDetectorRecordsABufferThatWasNeverReleased");
    }

    private static EngineExecutionResults runInner(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(INNER_RUN, "true")
                .selectors(selectClass(testClass))
                .execute();
    }

    private static Throwable failureOf(Event event) {
        return event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    /** Runs the classes below only inside {@link #runInner}, never in the build itself. */
    static final class OnlyInInnerRun implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(INNER_RUN).isPresent()
                    ? ConditionEvaluationResult.enabled("inner run")
                    : ConditionEvaluationResult.disabled("only run by LeakDetectionTest");
        }
    }

    @ExtendWith(OnlyInInnerRun.class)
    static class LeakingTests {
        @Test
        void leaksABuffer() {
            ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
            buffer.writeInt(42);
        }
    }

    @ExtendWith(OnlyInInnerRun.class)
    static class TidyTests {
        @Test
        void releasesItsBuffer() {
            ByteBuf buffer = PooledByteBufAllocator.DEFAULT.buffer(16);
            buffer.writeInt(42);
            buffer.release();
        }
    }
}
