package org.sluice.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/**
 * Connection filters through a real socket: where each filter sits, who can add one, and a
 * filter leaving its chain. The line echo protocol sends each line back, so the marks the
 * filters leave in a reply show which filters it went through and in which order.
 */
class FilterChainTest {

    @TempDir
    Path root;

    private final int port = TestServer.freePort();

    private TestServer start(String directives) throws Exception {
        return TestServer.start(root, """
                LoadModule org.sluice.internal.connection.TestFiltersModule
                Listen 127.0.0.1:%d
                ProtocolHandler org.sluice.testing.LineEchoHandler
                %s
                """.formatted(port, directives));
    }

    private String echo(String line) throws Exception {
        try (TestClient client = TestClient.connect(port)) {
            client.send(line + "\n");
            return client.readLine();
        }
    }

    @Test
    void outputFiltersRunInTypeOrderWhateverTheConfigurationOrder() throws Exception {
        try (TestServer server = start("ConnectionOutputFilter connection-mark content-mark")) {
            assertThat(echo("hello")).isEqualTo("hello[c][n]");
        }
    }

    @Test
    void outputFilterNamedByClassSitsWithTheConnectionFilters() throws Exception {
        try (TestServer server = start(
                "ConnectionOutputFilter org.sluice.internal.connection.ClassNamedMarkFilter content-mark")) {
            assertThat(echo("hello")).isEqualTo("hello[c][k]");
        }
    }

    @Test
    void outputFiltersOfOneTypeRunInTheOrderTheyWereAdded() throws Exception {
        try (TestServer server = start(
                "ConnectionOutputFilter connection-mark org.sluice.internal.connection.ClassNamedMarkFilter")) {
            assertThat(echo("hello")).isEqualTo("hello[n][k]");
        }
    }

    @Test
    void inputFiltersNearerTheNetworkSeeTheDataFirst() throws Exception {
        try (TestServer server = start("ConnectionInputFilter in-content-mark in-connection-mark")) {
            assertThat(echo("hello")).isEqualTo("hello<n><c>");
        }
    }

    @Test
    void inputFilterTransformsWhatTheHandlerReads() throws Exception {
        try (TestServer server = start("ConnectionInputFilter uppercase")) {
            assertThat(echo("Hello, World")).isEqualTo("HELLO, WORLD");
        }
    }

    @Test
    void inputFilterCanBeNamedByClass() throws Exception {
        try (TestServer server = start("ConnectionInputFilter org.sluice.internal.connection.UppercaseInputFilter")) {
            assertThat(echo("quiet")).isEqualTo("QUIET");
        }
    }

    @Test
    void preConnectionHandlerCanAddAFilter() throws Exception {
        try (TestServer server = start("PreConnectionHandler adds-content-mark\nConnectionOutputFilter connection-mark")) {
            assertThat(echo("hello")).isEqualTo("hello[c][n]");
        }
    }

    @Test
    void filterThatRemovesItselfLeavesLaterDataUntouched() throws Exception {
        try (TestServer server = start("ConnectionOutputFilter once-mark connection-mark");
             TestClient client = TestClient.connect(port)) {
            assertThat(client.send("first\n").readLine()).isEqualTo("first[1][n]");
            assertThat(client.send("second\n").readLine()).isEqualTo("second[n]");
            assertThat(client.send("third\n").readLine()).isEqualTo("third[n]");
        }
    }

    @Test
    void filtersApplyPerVirtualHost() throws Exception {
        int other = TestServer.freePort();
        try (TestServer server = start("""
                Listen 127.0.0.1:%d
                ConnectionOutputFilter content-mark
                <VirtualHost 127.0.0.1:%d>
                ConnectionOutputFilter connection-mark
                </VirtualHost>
                """.formatted(other, other))) {
            assertThat(echo("main")).isEqualTo("main[c]");
            try (TestClient client = TestClient.connect(other)) {
                assertThat(client.send("vhost\n").readLine()).isEqualTo("vhost[n]");
            }
        }
    }
}
