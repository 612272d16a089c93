package org.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sluice.access.Fixtures.request;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sluice.access.AccessDecision.Outcome;

/** How a child section's configuration combines with its parent's ({@link AccessConfig#merge}). */
class MergeTest {

    private static Outcome check(AccessConfig config, String client) {
        return AccessChecker.create().check(request(config, client)).outcome();
    }

    private static AccessConfig merge(String parent, String child) throws Exception {
        return AccessConfig.merge(TestConfig.parse(parent), TestConfig.parse(child));
    }

    @Test
    void childWithoutRulesInheritsTheParents() throws Exception {
        AccessConfig merged = merge("Require ip 10.", "AuthName x");
        assertThat(check(merged, "10.0.0.1")).isEqualTo(Outcome.GRANTED);
        assertThat(check(merged, "11.0.0.1")).isEqualTo(Outcome.DENIED);
    }

    @Test
    void childRulesReplaceTheParents() throws Exception {
        AccessConfig merged = merge("Require ip 10.", "Require ip 11.");
        assertThat(check(merged, "10.0.0.1")).isEqualTo(Outcome.DENIED);
        assertThat(check(merged, "11.0.0.1")).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void authMergingAndNeedsBoth() throws Exception {
        AccessConfig merged = merge("Require ip 10.", "AuthMerging And\nRequire ip 10.1.");
        assertThat(check(merged, "10.1.0.1")).isEqualTo(Outcome.GRANTED);
        assertThat(check(merged, "10.2.0.1")).isEqualTo(Outcome.DENIED);
        assertThat(merged.describeRequirements()).startsWith("AuthMerging And (test.conf:2)");
    }

    @Test
    void authMergingOrNeedsEither() throws Exception {
        AccessConfig merged = merge("Require ip 10.", "AuthMerging Or\nRequire ip 11.");
        assertThat(check(merged, "10.0.0.1")).isEqualTo(Outcome.GRANTED);
        assertThat(check(merged, "11.0.0.1")).isEqualTo(Outcome.GRANTED);
        assertThat(check(merged, "12.0.0.1")).isEqualTo(Outcome.DENIED);
    }

    @Test
    void authMergingOffIsTheDefault() throws Exception {
        AccessConfig merged = merge("Require ip 10.", "AuthMerging Off\nRequire ip 11.");
        assertThat(check(merged, "10.0.0.1")).isEqualTo(Outcome.DENIED);
    }

    @Test
    void legacyRulesOfTheChildReplaceTheParentsAsAWhole() throws Exception {
        // As in Apache: the child's Deny alone comes with the default Order Deny,Allow, and the
        // parent's Allow,Deny with its Allow list is gone.
        AccessConfig merged = merge("Order Allow,Deny\nAllow from 10.", "Deny from 10.9.");
        assertThat(check(merged, "10.9.0.1")).isEqualTo(Outcome.DENIED);
        assertThat(check(merged, "10.1.0.1")).isEqualTo(Outcome.GRANTED);
        assertThat(check(merged, "11.0.0.1")).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void legacyRulesAreInheritedByAChildWithoutThem() throws Exception {
        AccessConfig merged = merge("Order Allow,Deny\nAllow from 10.", "Require all granted");
        assertThat(check(merged, "11.0.0.1")).isEqualTo(Outcome.DENIED);
    }

    @Test
    void authenticationSettingsAreInheritedOneByOne() throws Exception {
        AccessConfig merged = AccessConfig.merge(
                TestConfig.parse("AuthType Basic\nAuthName Outer\nAuthUserFile users\nAuthGroupFile groups"),
                TestConfig.parse("AuthName Inner\nAuthBasicProvider ldap"));
        assertThat(merged.authType()).contains(AccessConfig.AuthType.BASIC);
        assertThat(merged.authName()).contains("Inner");
        assertThat(merged.userFile()).contains(Path.of("/srv/sluice/users"));
        assertThat(merged.groupFile()).contains(Path.of("/srv/sluice/groups"));
        assertThat(merged.basicProviders()).containsExactly("ldap");
        assertThat(TestConfig.parse("").basicProviders()).containsExactly("file");
    }

    @Test
    void authTypeNoneTurnsAuthenticationOff() throws Exception {
        AccessConfig merged = merge("AuthType Basic\nAuthName x", "AuthType None");
        assertThat(merged.authType()).isEmpty();
    }
}
