package org.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sluice.access.Fixtures.check;

import org.junit.jupiter.api.Test;
import org.sluice.access.AccessDecision.Outcome;

/** Each {@code Require} provider on its own, as mod_authz_core and mod_authz_host define them. */
class RequireTest {

    @Test
    void noRulesGrantsEveryone() throws Exception {
        assertThat(check("", "192.0.2.1").outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void allGrantedAndAllDenied() throws Exception {
        assertThat(check("Require all granted", "192.0.2.1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require all denied", "192.0.2.1").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void ipMatchesAFullAddress() throws Exception {
        assertThat(check("Require ip 10.1.2.3", "10.1.2.3").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require ip 10.1.2.3", "10.1.2.4").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void ipMatchesCidrNetworks() throws Exception {
        assertThat(check("Require ip 10.1.0.0/16", "10.1.200.7").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require ip 10.1.0.0/16", "10.2.0.1").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void ipMatchesNetmaskNetworks() throws Exception {
        assertThat(check("Require ip 10.1.0.0/255.255.0.0", "10.1.3.4").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require ip 10.1.0.0/255.255.0.0", "10.3.3.4").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void ipMatchesPartialAddresses() throws Exception {
        assertThat(check("Require ip 10.", "10.200.1.1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require ip 192.168", "192.168.77.1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require ip 192.168", "192.169.0.1").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void ipMatchesIpv6AddressesAndNetworks() throws Exception {
        assertThat(check("Require ip ::1", "::1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require ip 2001:db8::/32", "2001:db8:1::5").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require ip 2001:db8::/32", "2001:db9::5").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check("Require ip 2001:db8::/32", "10.0.0.1").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void ipAcceptsSeveralAddressesOnOneLine() throws Exception {
        String conf = "Require ip 127.0.0.1 10.0.0.0/8 ::1";
        assertThat(check(conf, "10.9.9.9").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "::1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "11.0.0.1").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void localGrantsLoopbackClients() throws Exception {
        assertThat(check("Require local", "127.0.0.2").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require local", "::1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require local", "10.0.0.1").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void userWithoutCredentialsAsksForThem() throws Exception {
        AccessDecision decision = check("""
                AuthType Basic
                AuthName "Members"
                Require user alice
                """, "10.0.0.1");
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
        assertThat(decision.realm()).contains("Members");
    }

    @Test
    void denialNamesTheRuleAndItsLine() throws Exception {
        AccessDecision decision = check("\nRequire ip 127.0.0.1", "10.0.0.4");
        assertThat(decision.reason()).isEqualTo("'Require ip 127.0.0.1' (test.conf:2)");
    }

    @Test
    void notInvertsARuleInsideRequireAll() throws Exception {
        String conf = """
                <RequireAll>
                    Require all granted
                    Require not ip 10.0.0.0/8
                </RequireAll>
                """;
        assertThat(check(conf, "10.1.1.1").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check(conf, "192.0.2.1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "10.1.1.1").reason()).contains("Require not ip 10.0.0.0/8");
    }

    @Test
    void topLevelLinesAreAlternatives() throws Exception {
        String conf = """
                Require ip 10.0.0.1
                Require ip 10.0.0.2
                """;
        assertThat(check(conf, "10.0.0.2").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "10.0.0.3").outcome()).isEqualTo(Outcome.DENIED);
    }
}
