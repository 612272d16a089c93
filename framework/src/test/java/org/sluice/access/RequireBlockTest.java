package org.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sluice.access.Fixtures.check;

import org.junit.jupiter.api.Test;
import org.sluice.access.AccessDecision.Outcome;
import org.sluice.config.ConfigException;

/** {@code <RequireAll>}, {@code <RequireAny>}, {@code <RequireNone>} and their nesting. */
class RequireBlockTest {

    @Test
    void requireAllNeedsEveryRule() throws Exception {
        String conf = """
                <RequireAll>
                    Require ip 10.0.0.0/8
                    Require ip 10.1.0.0/16
                </RequireAll>
                """;
        assertThat(check(conf, "10.1.0.1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "10.2.0.1").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void requireAnyNeedsOneRule() throws Exception {
        String conf = """
                <RequireAny>
                    Require ip 10.0.0.1
                    Require ip 10.0.0.2
                </RequireAny>
                """;
        assertThat(check(conf, "10.0.0.2").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "10.0.0.3").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void requireNoneInsideRequireAllRefusesWhatItMatches() throws Exception {
        String conf = """
                <RequireAll>
                    Require all granted
                    <RequireNone>
                        Require ip 10.0.0.1
                        Require ip 10.0.0.2
                    </RequireNone>
                </RequireAll>
                """;
        assertThat(check(conf, "10.0.0.2").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check(conf, "10.0.0.3").outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void nestedBlocksCombine() throws Exception {
        // The documented example: either from the intranet, or a known user not from the guest network.
        String conf = """
                AuthType Basic
                AuthName intranet
                AuthUserFile users
                <RequireAny>
                    Require ip 10.0.0.0/8
                    <RequireAll>
                        Require user alice
                        Require not ip 192.168.7.0/24
                    </RequireAll>
                </RequireAny>
                """;
        assertThat(check(conf, "10.3.3.3").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "192.168.7.7").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check(conf, "192.168.8.8").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void deniedWinsOverNoUserInRequireAll() throws Exception {
        // Credentials cannot help when the address is refused anyway: 403, not 401.
        String conf = """
                AuthType Basic
                AuthName x
                <RequireAll>
                    Require valid-user
                    Require ip 10.0.0.0/8
                </RequireAll>
                """;
        assertThat(check(conf, "192.0.2.1").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check(conf, "10.0.0.1").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void noUserWinsOverDeniedInRequireAny() throws Exception {
        String conf = """
                AuthType Basic
                AuthName x
                Require ip 10.0.0.0/8
                Require valid-user
                """;
        assertThat(check(conf, "192.0.2.1").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void negatedRuleAloneNeverGrants() throws Exception {
        // A RequireAll whose only other member is neutral: not denied, but not granted either.
        String conf = """
                <RequireAll>
                    Require not ip 10.0.0.1
                    <RequireAny>
                        Require ip 10.0.0.2
                    </RequireAny>
                </RequireAll>
                """;
        assertThat(check(conf, "10.0.0.3").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check(conf, "10.0.0.2").outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void negativeRequireAtTopLevelIsAConfigError() {
        assertThatThrownBy(() -> TestConfig.parse("Require not ip 10.0.0.1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("negative Require directive has no effect in <RequireAny> directive");
    }

    @Test
    void negativeRequireInRequireAnyIsAConfigError() {
        assertThatThrownBy(() -> TestConfig.parse("""
                <RequireAny>
                    Require ip 10.0.0.2
                    Require not ip 10.0.0.1
                </RequireAny>
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("negative Require directive has no effect in <RequireAny> directive")
                .satisfies(e -> assertThat(((ConfigException) e).location().line()).isEqualTo(3));
    }

    @Test
    void negativeRequireInRequireNoneIsAConfigError() {
        assertThatThrownBy(() -> TestConfig.parse("""
                <RequireAll>
                    Require all granted
                    <RequireNone>
                        Require not ip 10.0.0.1
                    </RequireNone>
                </RequireAll>
                """))
                .hasMessage("negative Require directive has no effect in <RequireNone> directive");
    }

    @Test
    void requireNoneOutsideRequireAllIsAConfigError() {
        assertThatThrownBy(() -> TestConfig.parse("""
                <RequireNone>
                    Require ip 10.0.0.1
                </RequireNone>
                """))
                .hasMessage("<RequireNone> directive has no effect in <RequireAny> directive");
    }

    @Test
    void requireAllOfNegationsOnlyIsAConfigError() {
        assertThatThrownBy(() -> TestConfig.parse("""
                <RequireAll>
                    Require not ip 10.0.0.1
                    Require not ip 10.0.0.2
                </RequireAll>
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage("<RequireAll> directive contains only negative authorization directives");
    }

    @Test
    void requireAllHoldingOnlyARequireNoneIsAConfigError() {
        // <RequireNone> is the negation of its rules, so this block only takes away.
        assertThatThrownBy(() -> TestConfig.parse("""
                <RequireAll>
                    <RequireNone>
                        Require ip 10.0.0.1
                    </RequireNone>
                </RequireAll>
                """))
                .hasMessage("<RequireAll> directive contains only negative authorization directives");
    }

    @Test
    void innerRequireAllMayHoldOnlyNegationsWhenMergedIntoAnOuterOne() throws Exception {
        // Nested <RequireAll> blocks are one block, as in Apache: the outer positive rule counts.
        AccessConfig config = TestConfig.parse("""
                <RequireAll>
                    Require ip 10.0.0.0/8
                    <RequireAll>
                        Require not ip 10.0.0.1
                    </RequireAll>
                </RequireAll>
                """);
        assertThat(config.describeRequirements()).isEqualTo("""
                <RequireAny> (test.conf:1)
                  <RequireAll> (test.conf:1)
                    Require ip 10.0.0.0/8 (test.conf:2)
                    Require not ip 10.0.0.1 (test.conf:4)
                """);
    }

    @Test
    void emptyBlockIsAConfigError() {
        assertThatThrownBy(() -> TestConfig.parse("<RequireAll>\n</RequireAll>"))
                .hasMessage("<RequireAll> directive contains no authorization directives");
    }

    @Test
    void blockTakesNoArguments() {
        assertThatThrownBy(() -> TestConfig.parse("<RequireAll x>\nRequire all granted\n</RequireAll>"))
                .hasMessage("<RequireAll> directive doesn't take additional arguments");
    }

    @Test
    void unknownProviderIsAConfigError() {
        assertThatThrownBy(() -> TestConfig.parse("Require ipaddr 10.0.0.1"))
                .hasMessage("Unknown Authz provider: ipaddr");
    }

    @Test
    void badArgumentsAreConfigErrors() {
        assertThatThrownBy(() -> TestConfig.parse("Require all allowed"))
                .hasMessage("Argument for 'Require all' must be 'granted' or 'denied'");
        assertThatThrownBy(() -> TestConfig.parse("Require ip"))
                .hasMessage("'require ip' requires an argument");
        assertThatThrownBy(() -> TestConfig.parse("Require ip 10.0.0.300"))
                .hasMessageStartingWith("ip address '10.0.0.300' appears to be invalid");
        assertThatThrownBy(() -> TestConfig.parse("Require ip example.com"))
                .hasMessageStartingWith("ip address 'example.com' appears to be invalid");
    }
}
