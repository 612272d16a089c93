package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** The SMTP directives refuse what they cannot use, at the line that says it. */
class SmtpConfigTest {

    @TempDir
    Path root;

    private void check(String directive) throws Exception {
        TestServer.check(root, """
                LoadModule smtp
                Listen 127.0.0.1:%d smtp
                %s
                """.formatted(TestServer.freePort(), directive));
    }

    @Test
    void smtpAuthTakesOffOnOrRequired() {
        assertThatThrownBy(() -> check("SMTPAuth Sometimes"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.location().line()).isEqualTo(3))
                .hasMessageContaining("SMTPAuth takes Off, On or Required, not 'Sometimes'");
    }

    @Test
    void smtpMaxMessageSizeTakesAPositiveNumber() {
        assertThatThrownBy(() -> check("SMTPMaxMessageSize 10M"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.location().line()).isEqualTo(3))
                .hasMessageContaining("SMTPMaxMessageSize takes a number from 1 to");
    }

    @Test
    void smtpMaxRecipientsTakesAPositiveNumber() {
        assertThatThrownBy(() -> check("SMTPMaxRecipients 0"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.location().line()).isEqualTo(3))
                .hasMessageContaining("SMTPMaxRecipients takes a number from 1 to");
    }

    @Test
    void smtpAcceptDomainTakesDomainNames() {
        assertThatThrownBy(() -> check("SMTPAcceptDomain example.org bad_domain!"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.location().line()).isEqualTo(3))
                .hasMessageContaining("SMTPAcceptDomain takes a domain name such as example.org, not 'bad_domain!'");
    }

    @Test
    void smtpHostnameTakesOneName() {
        assertThatThrownBy(() -> check("SMTPHostname"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.location().line()).isEqualTo(3))
                .hasMessageContaining("SMTPHostname takes one argument");
    }
}
