package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/sluice -t -f FILE}: exit 1 with {@code Syntax error on line N of FILE:} and the message, or {@code Syntax OK}. */
class ConfigCheckTest {

    @TempDir
    Path directory;

    @Test
    void aGoodConfigurationIsSyntaxOk() {
        Path file = write("good.conf", """
                LoadModule echo
                Listen 18010 echo
                <VirtualHost *:18010>
                    ProtocolEcho On
                </VirtualHost>
                """);
        SluiceProcess.Completed check = check(file);
        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stderrLines()).containsExactly("Syntax OK");
    }

    @Test
    void theDefaultConfigurationIsSyntaxOk() {
        SluiceProcess.Completed check = SluiceProcess.run("-t", "-d", ServerRoot.copyOfDefault(directory).toString());
        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stderrLines()).containsExactly("Syntax OK");
    }

    @Test
    void anUnknownDirectiveIsAnInvalidCommand() {
        Path file = write("unknown.conf", """
                LoadModule echo
                # a comment
                Foo bar
                """);
        assertSyntaxError(check(file), 3, file,
                "Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration");
    }

    @Test
    void timeoutWithTwoArgumentsTakesOneArgument() {
        Path file = write("timeout.conf", """
                Timeout 10 20
                """);
        assertSyntaxError(check(file), 1, file, "Timeout takes one argument, Timeout duration (sec)");
    }

    @Test
    void anUnclosedVirtualHostIsReportedAtItsOpeningLine() {
        Path file = write("unclosed.conf", """
                LoadModule echo
                Listen 18010 echo

                <VirtualHost *:18010>
                    ProtocolEcho On
                """);
        assertSyntaxError(check(file), 4, file, "<VirtualHost> was not closed.");
    }

    @Test
    void listenInsideVirtualHostIsRefused() {
        Path file = write("listen-in-vhost.conf", """
                LoadModule echo
                Listen 18010 echo
                <VirtualHost *:18010>
                    Listen 18011
                </VirtualHost>
                """);
        assertSyntaxError(check(file), 4, file, "Listen cannot occur within <VirtualHost> section");
    }

    @Test
    void protocolEchoTakesOnlyOnOrOff() {
        Path file = write("flag.conf", """
                LoadModule echo
                Listen 18010 echo
                <VirtualHost *:18010>
                    ProtocolEcho maybe
                </VirtualHost>
                """);
        SluiceProcess.Completed check = check(file);
        assertSyntaxErrorLocation(check, 4, file);
        assertThat(check.stderrLines().get(1)).startsWith("ProtocolEcho must be On or Off");
    }

    @Test
    void anIncludeOfAMissingFileIsReportedAtTheInclude() {
        Path file = write("include-missing.conf", """
                LoadModule echo
                Include conf.d/missing.conf
                """);
        SluiceProcess.Completed check = check(file);
        assertSyntaxErrorLocation(check, 2, file);
        assertThat(check.stderrLines().get(1))
                .startsWith("Could not open configuration file")
                .contains(directory.resolve("conf.d/missing.conf").toString());
    }

    @Test
    void anErrorInAnIncludedFileNamesTheIncludedFileAndItsLine() {
        Path included = write("conf.d/part.conf", """
                # included

                Timeout
                """);
        Path file = write("includer.conf", """
                LoadModule echo
                Include conf.d/part.conf
                """);
        assertSyntaxError(check(file), 3, included, "Timeout takes one argument, Timeout duration (sec)");
    }

    @Test
    void aListenNamingAnUnknownProtocolIsRefused() {
        Path file = write("protocol.conf", """
                LoadModule echo
                Listen 18010 gopher
                """);
        SluiceProcess.Completed check = check(file);
        assertSyntaxErrorLocation(check, 2, file);
        assertThat(check.stderrLines().get(1)).contains("'gopher'").contains("echo");
    }

    @Test
    void aListenAddressThatNamesNothingIsAnErrorAtItsLine() {
        Path file = write("unresolved.conf", """
                LoadModule echo
                Listen 1.2.3.4.5:18010 echo
                """);
        assertSyntaxError(check(file), 2, file, "Listen setup failed: cannot resolve 1.2.3.4.5");
    }

    @Test
    void aQuotedVirtualHostAddressIsAnAddressAndOneThatNamesNothingIsLeftOutWithAWarning() {
        Path file = write("vhosts.conf", """
                LoadModule echo
                Listen 18010 echo
                <VirtualHost "*:18010">
                    ServerName quoted
                </VirtualHost>
                <VirtualHost nonexistent.invalid:18010>
                    ServerName gone
                </VirtualHost>
                """);
        SluiceProcess.Completed check = check(file);
        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stderr()).contains(file + ":6: Cannot resolve host name nonexistent.invalid --- ignoring!")
                .contains("Syntax OK");
    }

    @Test
    void aConfigurationWithoutListenChecksButDoesNotStart() {
        Path file = write("nolisten.conf", "LoadModule http\nServerName localhost\n");

        SluiceProcess.Completed check = check(file);
        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stderr()).contains("Syntax OK");

        SluiceProcess.Completed start = SluiceProcess.run("-d", directory.toString(), "-f", file.toString());
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.stderr()).contains("no listening sockets available");
    }

    private Path write(String name, String text) {
        return new ServerRoot(directory).write(name, text);
    }

    private SluiceProcess.Completed check(Path file) {
        return SluiceProcess.run("-t", "-d", directory.toString(), "-f", file.toString());
    }

    private static void assertSyntaxError(SluiceProcess.Completed check, int line, Path file, String message) {
        assertSyntaxErrorLocation(check, line, file);
        assertThat(check.stderrLines().get(1)).isEqualTo(message);
    }

    private static void assertSyntaxErrorLocation(SluiceProcess.Completed check, int line, Path file) {
        List<String> lines = check.stderrLines();
        assertThat(check.exitCode()).as(check.stderr()).isEqualTo(1);
        assertThat(lines).as(check.stderr()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines.get(0)).isEqualTo("Syntax error on line " + line + " of " + file + ":");
    }
}
