package org.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sluice.access.Fixtures.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.access.AccessDecision.Outcome;

/**
 * The legacy {@code Order}/{@code Allow}/{@code Deny} rules of mod_access_compat, and
 * {@code Satisfy} between them and {@code Require}.
 */
class HostAccessTest {

    /**
     * The table of the mod_access_compat documentation. The client 10.1.1.1 matches
     * {@code 10.}; 192.0.2.1 matches {@code 192.0.2}; 172.16.0.1 matches neither.
     */
    @ParameterizedTest(name = "{0} with {1} {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            Allow,Deny | match Allow only   | 10.1.1.1   | GRANTED
            Allow,Deny | match Deny only    | 192.0.2.1  | DENIED
            Allow,Deny | match neither      | 172.16.0.1 | DENIED
            Allow,Deny | match both         | 10.9.9.9   | DENIED
            Deny,Allow | match Allow only   | 10.1.1.1   | GRANTED
            Deny,Allow | match Deny only    | 192.0.2.1  | DENIED
            Deny,Allow | match neither      | 172.16.0.1 | GRANTED
            Deny,Allow | match both         | 10.9.9.9   | GRANTED
            Mutual-failure | match Allow only | 10.1.1.1 | GRANTED
            Mutual-failure | match Deny only  | 192.0.2.1 | DENIED
            Mutual-failure | match neither    | 172.16.0.1 | DENIED
            Mutual-failure | match both       | 10.9.9.9 | DENIED
            """)
    void orderDecidesAsDocumented(String order, String description, String client, Outcome expected) throws Exception {
        String conf = """
                Order %s
                Allow from 10.
                Deny from 192.0.2 10.9.9.9
                """.formatted(order);
        assertThat(check(conf, client).outcome()).isEqualTo(expected);
    }

    @Test
    void defaultOrderIsDenyAllow() throws Exception {
        assertThat(check("Deny from 10.0.0.0/8", "10.0.0.1").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check("Deny from 10.0.0.0/8", "11.0.0.1").outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void allowFromAllAndDenyFromAll() throws Exception {
        assertThat(check("Order Deny,Allow\nDeny from all", "10.0.0.1").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check("Order Allow,Deny\nAllow from all", "10.0.0.1").outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void classicLocalhostOnly() throws Exception {
        String conf = """
                Order deny,allow
                Deny from all
                Allow from 127.0.0.1 ::1
                """;
        assertThat(check(conf, "127.0.0.1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "::1").outcome()).isEqualTo(Outcome.GRANTED);
        AccessDecision refused = check(conf, "10.0.0.1");
        assertThat(refused.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(refused.reason()).isEqualTo("'Deny from all' (test.conf:2)");
    }

    @Test
    void allowDenyWithoutMatchingAllowNamesTheOrder() throws Exception {
        AccessDecision refused = check("Order Allow,Deny\nAllow from 10.", "11.0.0.1");
        assertThat(refused.reason()).isEqualTo("'Order Allow,Deny (no 'Allow from' matches)' (test.conf:1)");
    }

    @Test
    void networksInEveryForm() throws Exception {
        String conf = "Order Allow,Deny\nAllow from 10.1.0.0/16 172.16.0.0/255.240.0.0 2001:db8::/32 192.168.1.7";
        assertThat(check(conf, "10.1.9.9").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "172.31.0.1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "2001:db8::1").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "192.168.1.7").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "172.32.0.1").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void envRulesLookAtTheRequestsVariables() throws Exception {
        AccessConfig config = TestConfig.parse("Order Deny,Allow\nDeny from all\nAllow from env=let_me_in");
        AccessRequest request = Fixtures.request(config, "10.0.0.1");
        AccessChecker checker = AccessChecker.create();
        assertThat(checker.check(request).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(checker.check(request.withEnvironment(name -> name.equals("let_me_in") ? "1" : null)).outcome())
                .isEqualTo(Outcome.GRANTED);
        AccessConfig negated = TestConfig.parse("Order Allow,Deny\nAllow from all\nDeny from env=!trusted");
        assertThat(checker.check(Fixtures.request(negated, "10.0.0.1")).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(checker.check(Fixtures.request(negated, "10.0.0.1").withEnvironment(name -> "yes")).outcome())
                .isEqualTo(Outcome.GRANTED);
    }

    @Test
    void requireEnvIsGrantedByAnyOfItsVariables() throws Exception {
        AccessConfig config = TestConfig.parse("Require env a b");
        AccessChecker checker = AccessChecker.create();
        assertThat(checker.check(Fixtures.request(config, "10.0.0.1")).outcome()).isEqualTo(Outcome.DENIED);
        assertThat(checker.check(Fixtures.request(config, "10.0.0.1")
                .withEnvironment(name -> name.equals("b") ? "" : null)).outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void badDirectivesAreConfigErrors() {
        assertThatThrownBy(() -> TestConfig.parse("Order allow-deny"))
                .hasMessageStartingWith("unknown order 'allow-deny'");
        assertThatThrownBy(() -> TestConfig.parse("Allow to 10.0.0.1"))
                .hasMessage("allow and deny must be followed by 'from'");
        assertThatThrownBy(() -> TestConfig.parse("Deny from 10.0.0.0/40"))
                .hasMessageContaining("'10.0.0.0/40' is not a valid address or network");
        assertThatThrownBy(() -> TestConfig.parse("Satisfy some"))
                .hasMessage("Satisfy either 'any' or 'all'.");
    }

    private static final String AUTH = """
            AuthType Basic
            AuthName "Staff"
            AuthUserFile users
            Require valid-user
            Order Deny,Allow
            Deny from all
            Allow from 10.
            """;

    @Test
    void satisfyAllNeedsTheHostAndTheUser() throws Exception {
        String conf = AUTH + "Satisfy All";
        assertThat(check(conf, "192.0.2.1").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check(conf, "10.0.0.1").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void satisfyAllIsTheDefault() throws Exception {
        assertThat(check(AUTH, "192.0.2.1").outcome()).isEqualTo(Outcome.DENIED);
        assertThat(check(AUTH, "10.0.0.1").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void satisfyAnyLetsTheHostOrTheUserIn() throws Exception {
        String conf = AUTH + "Satisfy Any";
        AccessDecision fromInside = check(conf, "10.0.0.1");
        assertThat(fromInside.outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(fromInside.user()).isEmpty();
        assertThat(check(conf, "192.0.2.1").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }
}
