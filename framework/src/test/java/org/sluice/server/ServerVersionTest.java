package org.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerVersionTest {

    @Test
    void theBuildsVersionIsItsReleaseNumberWithoutQualifier() {
        assertThat(ServerVersion.current().number()).matches("\\d+(\\.\\d+)*");
        assertThat(ServerVersion.current().toString()).isEqualTo("Sluice/" + ServerVersion.current().number());
    }

    @Test
    void majorAndMinorAreTheFirstComponents() {
        ServerVersion version = new ServerVersion("Sluice", "2.4.71");

        assertThat(version.major()).isEqualTo("2");
        assertThat(version.minor()).isEqualTo("2.4");
    }

    @Test
    void aVersionWithFewerComponentsIsItsOwnMinor() {
        assertThat(new ServerVersion("Sluice", "3").minor()).isEqualTo("3");
    }
}
