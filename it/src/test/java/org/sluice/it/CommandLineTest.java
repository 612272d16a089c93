package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -S}, {@code -M}, {@code -v}, {@code -D} and {@code <IfDefine>}. */
class CommandLineTest {

    @TempDir
    Path directory;

    @Test
    void dashSListsEveryListenerAndVirtualHostWithFileAndLine() {
        Path file = new ServerRoot(directory).write("hosts.conf", """
                LoadModule echo
                LoadModule lowercase
                Listen 18010 echo
                Listen 127.0.0.1:18011 echo
                <VirtualHost *:18010>
                    ServerName plain.example
                    ProtocolHandler echo
                </VirtualHost>
                <VirtualHost 127.0.0.1:18011>
                    ServerName lower.example
                    ProtocolHandler echo
                    ConnectionOutputFilter lowercase
                </VirtualHost>
                """);
        SluiceProcess.Completed dump = SluiceProcess.run("-S", "-d", directory.toString(), "-f", file.toString());

        assertThat(dump.exitCode()).as(dump.stderr()).isZero();
        assertThat(dump.stdout())
                .containsPattern("\\*:18010 +protocol echo +\\(" + quoted(file + ":3") + "\\)")
                .containsPattern("127\\.0\\.0\\.1:18011 +protocol echo +\\(" + quoted(file + ":4") + "\\)")
                .containsPattern("server plain\\.example \\(" + quoted(file + ":5") + "\\) protocol echo")
                .containsPattern("server lower\\.example \\(" + quoted(file + ":9") + "\\) protocol echo filters .*lowercase");
    }

    @Test
    void dashSMarksTlsHostsAndProxyProtocolAddresses() throws Exception {
        Path tls = org.sluice.testing.TestCertificates.copyTo(directory);
        Path file = new ServerRoot(directory).write("tls.conf", """
                LoadModule echo
                LoadModule ssl
                Listen 127.0.0.1:18020 echo
                Listen 127.0.0.1:18021 echo
                <VirtualHost 127.0.0.1:18020>
                    ServerName secure.example
                    SSLEngine on
                    SSLCertificateFile %s
                    SSLCertificateKeyFile %s
                    RemoteIPProxyProtocol On
                </VirtualHost>
                <VirtualHost 127.0.0.1:18021>
                    ServerName plain.example
                </VirtualHost>
                """.formatted(tls.resolve("a.test.pem"), tls.resolve("a.test.key")));
        SluiceProcess.Completed dump = SluiceProcess.run("-S", "-d", directory.toString(), "-f", file.toString());

        assertThat(dump.exitCode()).as(dump.stderr()).isZero();
        assertThat(dump.stdout())
                .containsPattern("127\\.0\\.0\\.1:18020 +protocol echo +\\(" + quoted(file + ":3") + "\\) PROXY protocol\n")
                .containsPattern("127\\.0\\.0\\.1:18021 +protocol echo +\\(" + quoted(file + ":4") + "\\)\n")
                .containsPattern("server secure\\.example \\(" + quoted(file + ":5") + "\\) protocol echo TLS\n")
                .containsPattern("server plain\\.example \\(" + quoted(file + ":12") + "\\) protocol echo\n");
    }

    @Test
    void dashMListsTheLoadedModules() {
        SluiceProcess.Completed modules = SluiceProcess.run("-M", "-d", ServerRoot.copyOfDefault(directory).toString());
        assertThat(modules.exitCode()).as(modules.stderr()).isZero();
        assertThat(modules.stdout().lines().map(String::strip)).contains("core", "echo", "lowercase");
    }

    @Test
    void dashVPrintsTheVersion() {
        SluiceProcess.Completed version = SluiceProcess.run("-v");
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("Server version: Sluice/").containsPattern("Sluice/\\d+\\.\\d+");
    }

    @Test
    void ifDefineSectionIsSkippedWithoutDashD() {
        ServerRoot root = ifDefineRoot();
        try (SluiceProcess server = SluiceProcess.builder(root.path())
                .port("ECHO_PORT").port("EXTRA_PORT").args("-f", "conf/extra.conf").start()) {
            assertThat(server.readyLine())
                    .contains("*:" + server.port("ECHO_PORT"))
                    .doesNotContain(":" + server.port("EXTRA_PORT"));
            assertThatThrownBy(() -> LineClient.connect(server.port("EXTRA_PORT"))).isInstanceOf(UncheckedIOException.class);
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    void dashDEnablesAnIfDefineSection() {
        ServerRoot root = ifDefineRoot();
        try (SluiceProcess server = SluiceProcess.builder(root.path())
                .port("ECHO_PORT").port("EXTRA_PORT").args("-f", "conf/extra.conf", "-D", "EXTRA").start()) {
            assertThat(server.readyLine()).contains("*:" + server.port("EXTRA_PORT"));
            try (LineClient client = LineClient.connect(server.port("EXTRA_PORT"))) {
                assertThat(client.exchange("extra")).isEqualTo("extra");
            }
            assertThat(server.stop()).isZero();
        }
    }

    private ServerRoot ifDefineRoot() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        root.write("conf/extra.conf", """
                LoadModule echo
                Listen ${ECHO_PORT} echo
                <IfDefine EXTRA>
                    Listen ${EXTRA_PORT} echo
                </IfDefine>
                """);
        return root;
    }

    private static String quoted(String text) {
        return Pattern.quote(text);
    }
}
