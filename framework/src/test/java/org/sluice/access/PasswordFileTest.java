package org.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sluice.access.Fixtures.request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sluice.access.AccessDecision.Outcome;

/** {@code AuthUserFile}: htpasswd files as Apache's {@code htpasswd} writes them. */
class PasswordFileTest {

    /** Written by Apache's htpasswd 2.4 for the password {@code correct horse} ({@code -d}: {@code correct}). */
    private static final String KNOWN_GOOD = """
            # users
            bcrypt-user:$2y$05$ffx4Cfy1z8B2FGfHTkZ.M.BDicB8w5L35uF0zlhBYIWrThC2Kxcee
            bcrypt-2a-user:$2a$05$ffx4Cfy1z8B2FGfHTkZ.M.BDicB8w5L35uF0zlhBYIWrThC2Kxcee
            bcrypt-2b-user:$2b$05$ffx4Cfy1z8B2FGfHTkZ.M.BDicB8w5L35uF0zlhBYIWrThC2Kxcee
            apr1-user:$apr1$SOjQH4EO$0E0DreOcT/6WSg1UV8fhG.
            sha-user:{SHA}L55TUjtiq8FBorTWAZ0jy6g129A=

            sha256-user:$5$yd8kmTs65GF2fFC4$IHL3B5.y0gSnP8r/wpa.OlDySLvsVOjX.Y/qWKh5kKB
            sha512-user:$6$/ipV5rJE0joSsUUj$XzYeLQIFoH7j7.OVggEDhEvTqIPS4aHEMh6CcVDeQPEcYqbq4O.ncr.T6t86VLEIHaojzIz/poZQsDzITumAA0
            md5-user:$1$iwaiTDov$kJElN9LgwbtWWX8yfCNBg0
            """;

    @TempDir
    Path dir;

    private AccessChecker checker = AccessChecker.create();

    private AccessDecision login(Path users, String user, String password) throws Exception {
        AccessConfig config = TestConfig.parse(dir, """
                AuthType Basic
                AuthName "Staff only"
                AuthUserFile %s
                Require valid-user
                """.formatted(dir.relativize(users)));
        return checker.check(request(config, "192.0.2.1").withCredentials(new Credentials(user, password)));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bcrypt-user", "bcrypt-2a-user", "bcrypt-2b-user", "apr1-user", "sha-user",
            "sha256-user", "sha512-user", "md5-user"})
    void knownGoodHashesAcceptTheRightPassword(String user) throws Exception {
        Path users = write("users", KNOWN_GOOD);
        AccessDecision decision = login(users, user, "correct horse");
        assertThat(decision.outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(decision.user()).contains(user);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bcrypt-user", "apr1-user", "sha-user", "sha256-user", "sha512-user", "md5-user"})
    void knownGoodHashesRefuseAWrongPassword(String user) throws Exception {
        Path users = write("users", KNOWN_GOOD);
        AccessDecision decision = login(users, user, "correct horse!");
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
        assertThat(decision.realm()).contains("Staff only");
        assertThat(decision.reason()).isEqualTo("user " + user + ": authentication failure: Password Mismatch");
    }

    @Test
    void cryptUsesTheFirstEightCharacters() throws Exception {
        Path users = write("users", "crypt-user:Q73OTkg94exAY\n");
        assertThat(login(users, "crypt-user", "correct").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(login(users, "crypt-user", "incorrect").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void bcryptReadsTheFirst72BytesAsApacheDoes() throws Exception {
        // htpasswd -B for a password of 80 'x'.
        Path users = write("users", "long:$2y$04$MD1igbX14l/0fQDjsCd7QOpKReG1qVCzJ4Swwv6MvOTGjKMIjbZFO\n");
        assertThat(login(users, "long", "x".repeat(80)).outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(login(users, "long", "x".repeat(72) + "yyyy").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(login(users, "long", "x".repeat(71)).outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void unknownUserIsAskedAgain() throws Exception {
        Path users = write("users", KNOWN_GOOD);
        AccessDecision decision = login(users, "mallory", "correct horse");
        assertThat(decision.outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
        assertThat(decision.reason()).isEqualTo("user mallory not found");
    }

    @Test
    void malformedLinesAreIgnoredAndTheRestStillWorks() throws Exception {
        Path users = write("users", """
                no colon on this line
                :$apr1$SOjQH4EO$0E0DreOcT/6WSg1UV8fhG.
                plain:correct horse
                apr1-user:$apr1$SOjQH4EO$0E0DreOcT/6WSg1UV8fhG.
                """);
        assertThat(login(users, "apr1-user", "correct horse").outcome()).isEqualTo(Outcome.GRANTED);
        // As on Unix Apache: a plain-text password is not a hash and never matches.
        assertThat(login(users, "plain", "correct horse").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void firstLineOfAUserWins() throws Exception {
        Path users = write("users", """
                bob:{SHA}L55TUjtiq8FBorTWAZ0jy6g129A=
                bob:$apr1$nope$0E0DreOcT/6WSg1UV8fhG.
                """);
        assertThat(login(users, "bob", "correct horse").outcome()).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void fileIsReadAgainAfterItChanges() throws Exception {
        Path users = write("users", "bob:{SHA}L55TUjtiq8FBorTWAZ0jy6g129A=\n");
        assertThat(login(users, "bob", "correct horse").outcome()).isEqualTo(Outcome.GRANTED);

        // Same size, new content and time: the new password applies, the old one no longer.
        String secret = "{SHA}" + java.util.Base64.getEncoder().encodeToString(
                org.apache.commons.codec.digest.DigestUtils.sha1("battery staple"));
        Files.writeString(users, "bob:" + secret + "\n");
        Files.setLastModifiedTime(users, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(login(users, "bob", "battery staple").outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(login(users, "bob", "correct horse").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }

    @Test
    void missingFileIsAServerError() throws Exception {
        AccessDecision decision = login(dir.resolve("absent"), "bob", "x");
        assertThat(decision.outcome()).isEqualTo(Outcome.ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-B", "-m", "-s", "-d", "-2", "-5"})
    void hashesWrittenByHtpasswdAreAccepted(String option) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/htpasswd")),
                "Apache's htpasswd is not installed (apt-get install apache2-utils)");
        Path users = dir.resolve("htpasswd");
        String password = option.equals("-d") ? "s3cret!" : "s3cret! with spaces";
        Process process = new ProcessBuilder(List.of("/usr/bin/htpasswd", "-c", "-b", option,
                users.toString(), "carol", password)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();

        assertThat(login(users, "carol", password).outcome()).isEqualTo(Outcome.GRANTED);
        assertThat(login(users, "carol", "s3cret?").outcome()).isEqualTo(Outcome.AUTH_REQUIRED);
    }
}
