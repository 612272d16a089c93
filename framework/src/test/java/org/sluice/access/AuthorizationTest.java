package org.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sluice.access.Fixtures.request;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.access.AccessDecision.Outcome;
import org.sluice.config.DirConfig;

/** {@code Require user}, {@code valid-user}, {@code group} once a user is authenticated. */
class AuthorizationTest {

    /** Password {@code correct horse} for everyone. */
    private static final String HASH = "{SHA}L55TUjtiq8FBorTWAZ0jy6g129A=";

    @TempDir
    Path dir;

    private final AccessChecker checker = AccessChecker.create();

    @BeforeEach
    void files() throws Exception {
        Files.writeString(dir.resolve("users"), "alice:%s\nbob:%s\ncarol:%s\n".formatted(HASH, HASH, HASH));
        Files.writeString(dir.resolve("groups"), """
                # staff and admins
                staff: alice bob
                admin: carol
                staff: carol
                no colon here
                """);
    }

    private AccessDecision check(String rules, String user) throws Exception {
        AccessConfig config = TestConfig.parse(dir, """
                AuthType Basic
                AuthName "Staff"
                AuthUserFile users
                AuthGroupFile groups
                """ + rules);
        AccessRequest request = request(config, "192.0.2.1");
        return checker.check(user == null ? request : request.withCredentials(new Credentials(user, "correct horse")));
    }

    @Test
    void requireUserGrantsTheNamedUsersOnly() throws Exception {
        assertThat(check("Require user alice bob", "bob").outcome()).isEqualTo(Outcome.GRANTED);
        AccessDecision carol = check("Require user alice bob", "carol");
        assertThat(carol.outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
        assertThat(carol.reason()).isEqualTo("user carol: authorization failure by 'Require user alice bob' (test.conf:5)");
    }

    @Test
    void authorizationFailureIsForbiddenWhenConfiguredSo() throws Exception {
        String rules = "Require user alice\nAuthzSendForbiddenOnFailure On";
        assertThat(check(rules, "carol").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void validUserGrantsAnyAuthenticatedUser() throws Exception {
        assertThat(check("Require valid-user", "carol").user()).contains("carol");
        assertThat(check("Require valid-user", null).outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void requireGroupReadsTheGroupFile() throws Exception {
        assertThat(check("Require group staff", "bob").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require group staff", "carol").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require group admin", "alice").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
        assertThat(check("Require group admin staff", "alice").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require group admin", null).outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void groupFileIsReadAgainAfterItChanges() throws Exception {
        assertThat(check("Require group admin", "alice").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
        Files.writeString(dir.resolve("groups"), "admin: carol alice\n");
        Files.setLastModifiedTime(dir.resolve("groups"), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(check("Require group admin", "alice").outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void missingGroupFileIsAServerError() throws Exception {
        Files.delete(dir.resolve("groups"));
        assertThat(check("Require group staff", "alice").outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void satisfyAnyLetsAUserInFromOutside() throws Exception {
        String rules = """
                Require valid-user
                Order Deny,Allow
                Deny from all
                Allow from 10.
                Satisfy Any
                """;
        AccessDecision decision = check(rules, "alice");
        assertThat(decision.outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(decision.user()).contains("alice");
    }

    @Test
    void satisfyAllRefusesTheHostEvenWithAGoodUser() throws Exception {
        String rules = """
                Require valid-user
                Order Deny,Allow
                Deny from all
                Allow from 10.
                Satisfy All
                """;
        assertThat(check(rules, "alice").outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void userRuleWithoutAuthTypeIsAServerError() throws Exception {
        AccessDecision decision = Fixtures.check("Require valid-user", "192.0.2.1", "alice", "correct horse");
        assertThat(decision.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(decision.reason()).contains("no AuthType");
    }

    @Test
    void authTypeWithoutRequireIsAServerError() throws Exception {
        AccessDecision decision = Fixtures.check("AuthType Basic\nAuthName x", "192.0.2.1");
        assertThat(decision.outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void providersAreAskedInOrderUntilOneKnowsTheUser() throws Exception {
        AuthenticationProvider memory = new AuthenticationProvider() {
            @Override
            public String name() {
                return "memory";
            }

            @Override
            public AuthnStatus check(String user, String password, DirConfig config) {
                if (!user.equals("dave")) {
                    return AuthnStatus.USER_NOT_FOUND;
                }
                return password.equals("pw") ? AuthnStatus.GRANTED : AuthnStatus.DENIED;
            }
        };
        AccessChecker withMemory = AccessChecker.create(List.of(memory));
        AccessConfig config = TestConfig.parse(dir, """
                AuthType Basic
                AuthName x
                AuthUserFile users
                AuthBasicProvider memory file
                Require valid-user
                """);
        AccessRequest request = request(config, "192.0.2.1");
        assertThat(withMemory.check(request.withCredentials(new Credentials("dave", "pw"))).outcome())
                .isEqualTo(Outcome.GRANTED);
        assertThat(withMemory.check(request.withCredentials(new Credentials("dave", "no"))).outcome())
                .isEqualTo(Outcome.AUTH_REQUIRED);
        assertThat(withMemory.check(request.withCredentials(new Credentials("alice", "correct horse"))).outcome())
                .isEqualTo(Outcome.GRANTED);
        // Without the module that brings it, the provider is unknown.
        assertThat(checker.check(request.withCredentials(new Credentials("dave", "pw"))).outcome())
                .isEqualTo(Outcome.ERROR);
    }
}
