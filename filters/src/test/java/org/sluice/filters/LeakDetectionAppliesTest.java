package org.sluice.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;
import org.sluice.testing.LeakDetection;

/** The framework's test-jar brings LeakDetection to this module's tests. */
class LeakDetectionAppliesTest {

    @Test
    void leakDetectionIsRegisteredForAutoDetection() {
        assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type))
                .contains(LeakDetection.class);
    }
}
