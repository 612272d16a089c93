package org.sluice.internal.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code User} and {@code Group}: the process must already be what they name, and not root. */
class ProcessUserTest {

    private static final ProcessUser ALICE = new ProcessUser("alice", 1000, "staff", 50);
    private static final ProcessUser ROOT = new ProcessUser("root", 0, "root", 0);

    @Test
    void theProcesssOwnUserAndGroupHold() {
        assertThat(ALICE.userRefusal("alice")).isNull();
        assertThat(ALICE.userRefusal("#1000")).isNull();
        assertThat(ALICE.groupRefusal("staff")).isNull();
        assertThat(ALICE.groupRefusal("#50")).isNull();
    }

    @Test
    void anotherUserIsRefusedSayingHowToStartAsIt() {
        assertThat(ALICE.userRefusal("www-data")).isEqualTo("User www-data: Sluice is running as alice and cannot"
                + " become www-data (the JVM cannot change its user or group): start it as www-data (for example"
                + " sudo -u www-data bin/sluice), or write User alice");
    }

    @Test
    void anotherGroupIsRefused() {
        assertThat(ALICE.groupRefusal("www-data")).startsWith("Group www-data: Sluice is running with group staff"
                + " and cannot change to www-data");
    }

    @Test
    void runningAsRootIsRefusedWhateverTheUserNamed() {
        assertThat(ROOT.userRefusal("www-data")).isEqualTo("User www-data: Sluice is running as root and does not"
                + " serve as root (the JVM cannot change its user or group): start it as www-data (for example"
                + " runuser -u www-data -- bin/sluice)");
        assertThat(ROOT.groupRefusal("www-data")).startsWith("Group www-data: Sluice is running as root");
    }

    @Test
    void rootIsNeverAUserToServeAs() {
        assertThat(ROOT.userRefusal("root")).startsWith("User root: Sluice does not serve as root");
        assertThat(ALICE.userRefusal("#0")).startsWith("User #0: Sluice does not serve as root");
    }
}
