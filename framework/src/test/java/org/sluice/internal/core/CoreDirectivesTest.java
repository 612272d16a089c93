package org.sluice.internal.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * The core directives httpd's configurations carry for its processes, locks and logs, checked
 * at their line with httpd's messages: {@code Mutex}, {@code DefaultRuntimeDir}, {@code User},
 * {@code Group}, {@code ErrorLogFormat}, {@code TransferLog} and {@code BufferedLogs}.
 */
class CoreDirectivesTest {

    private static final String MECHANISMS = "(Mutex mechanisms are: 'none', 'default', 'flock:/path/to/file',"
            + " 'fcntl:/path/to/file', 'file:/path/to/file', 'pthread', 'sysvsem', 'posixsem', 'sem')";

    @TempDir
    Path root;

    @Test
    void mutexAcceptsHttpdsMechanismsForTheDefaultType() throws Exception {
        TestServer.check(root, "Mutex default\nMutex file:" + root + " default\nMutex sysvsem\nMutex posixsem:x OmitPID\n");
    }

    @Test
    void mutexWithoutAMechanismIsRefused() {
        assertRefused("Mutex", "Mutex requires at least a mechanism argument " + MECHANISMS);
    }

    @Test
    void mutexWithAnUnknownMechanismIsRefused() {
        assertRefused("Mutex bogus", "Invalid Mutex argument bogus " + MECHANISMS);
    }

    @Test
    void mutexInAMissingDirectoryIsRefused() {
        assertRefused("Mutex file:/nonexistent/dir default", "Invalid Mutex directory in argument file:/nonexistent/dir");
    }

    @Test
    void mutexOfATypeNoLoadedModuleHasIsRefused() {
        assertRefused("Mutex default ssl-cache", "Mutex type ssl-cache is not valid");
    }

    @Test
    void mutexNoneIsRefusedForTheDefaultType() {
        assertRefused("Mutex none", "None is not allowed for mutex type default");
    }

    @Test
    void defaultRuntimeDirMustBeADirectory() throws Exception {
        TestServer.check(root, "DefaultRuntimeDir " + root + "\n");
        assertRefused("DefaultRuntimeDir /nonexistent/run",
                "DefaultRuntimeDir must be a valid directory, absolute or relative to ServerRoot");
    }

    @Test
    void userAndGroupHoldOnlyForWhatTheProcessIsAndNeverForRoot() throws Exception {
        ProcessUser self = ProcessUser.current();
        if (self.root()) {
            assertRefused("User " + self.user(), "User root: Sluice does not serve as root; start it as an unprivileged"
                    + " user and name that user here");
            assertRefused("Group " + self.group(), self.groupRefusal(self.group()));
        } else {
            TestServer.check(root, "User " + self.user() + "\nGroup " + self.group() + "\n");
            assertRefused("User sluice-nobody-" + self.uid(), self.userRefusal("sluice-nobody-" + self.uid()));
        }
    }

    @Test
    void userBelongsToTheMainServer() {
        assertThatThrownBy(() -> TestServer.check(root, "<VirtualHost *:80>\nUser nobody\n</VirtualHost>\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("User cannot occur within <VirtualHost> section");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }

    @Test
    void errorLogFormatIsCheckedAtItsLine() {
        assertRefused("ErrorLogFormat \"[%t] %Z %M\"", "Unrecognized error log format directive %Z");
    }

    @Test
    void errorLogFormatOfAnUnknownTypeIsRefused() {
        assertRefused("ErrorLogFormat sometimes \"%t\"", "ErrorLogFormat type must be one of request, connection");
    }

    @Test
    void errorLogFormatOncePerConnectionIsRefusedSayingWhy() {
        assertRefused("ErrorLogFormat connection \"[%t] %a\"", "ErrorLogFormat connection is not supported: Sluice's"
                + " error log messages are not tied to a connection or request, so no line can be written once per"
                + " connection; use the main format, ErrorLogFormat \"...\"");
    }

    @Test
    void bufferedLogsTakesOnOrOff() throws Exception {
        TestServer.check(root, "BufferedLogs On\n");
        assertRefused("BufferedLogs sometimes", "BufferedLogs must be On or Off");
    }

    private void assertRefused(String line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, line + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(1);
                });
    }
}
