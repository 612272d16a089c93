package org.sluice.testing;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's {@code ResourceLeakDetector} reports a leak during it: after each
 * test the garbage is collected, every detector reports what it found, and any leak fails the
 * test with Netty's access records. Leaks found after the last test of a class (from static
 * state, {@code @BeforeAll} or {@code @AfterAll}) fail the class.
 *
 * <p>It is registered for every test by JUnit's extension auto-detection: the framework's
 * test resources list it in {@code META-INF/services/org.junit.jupiter.api.extension.Extension}
 * and enable auto-detection in {@code junit-platform.properties}. The services file is part
 * of the framework's test-jar; the properties file is not (two on one classpath make JUnit
 * warn and pick one). A module that wants its tests checked therefore:
 *
 * <pre>{@code
 * <!-- pom.xml -->
 * <dependency>
 *   <groupId>org.sluice</groupId>
 *   <artifactId>sluice-framework</artifactId>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 *
 * # src/test/resources/junit-platform.properties
 * junit.jupiter.extensions.autodetection.enabled=true
 * }</pre>
 *
 * <p>{@code @ExtendWith(LeakDetection.class)} on a class works too. Netty reports a leak only
 * for an object the garbage collector found unreachable, so a buffer kept in a static field is
 * not reported; run with {@code -Dio.netty.leakDetection.level=paranoid} (the build does) so
 * that every buffer is tracked and each report says where the buffer was created and used.
 */
public final class LeakDetection implements AfterEachCallback, AfterAllCallback {

    static {
        // JUnit loads auto-detected extensions before it runs any test code, so Netty's
        // detectors, created when its classes are first used, are created by our factory.
        RecordingLeakDetector.install();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failOnLeaks("test " + context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        failOnLeaks("the tests of " + context.getRequiredTestClass().getName());
    }

    private static void failOnLeaks(String where) {
        List<RecordingLeakDetector.Leak> leaks = RecordingLeakDetector.collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " resource leak(s) reported after " + where + ":\n"
                    + leaks.stream().map(RecordingLeakDetector.Leak::toString).collect(Collectors.joining("\n")));
        }
    }
}
