package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * mod_status's {@code ExtendedStatus} (On by default, as httpd sets it when mod_status is
 * loaded) and {@code SeeRequestTail}: Off leaves the totals, rates and each connection's line
 * out of the status page, as httpd leaves them out; a request line is shown by its first 63
 * characters, or its last with {@code SeeRequestTail On}.
 */
class ExtendedStatusTest extends HttpServerTestBase {

    private static final String STATUS = "<Location /server-status>\nSetHandler server-status\n</Location>\n";
    private static final String LONG_PATH = "/" + "a".repeat(40) + "/" + "b".repeat(40);

    @Test
    void offLeavesTheTotalsOutOfTheMachineReadablePage() throws Exception {
        start("ExtendedStatus Off\n" + STATUS);

        String auto = get("/server-status?auto").body();

        assertThat(auto).contains("\nServerUptimeSeconds: ", "\nBusyWorkers: ")
                .doesNotContain("Total Accesses", "ReqPerSec", "CPULoad");
    }

    @Test
    void offLeavesTheConnectionsOutOfThePage() throws Exception {
        start("ExtendedStatus Off\n" + STATUS);

        String page = get("/server-status").body();

        assertThat(page).contains("idle workers").doesNotContain("Total accesses", "<h2>Connections</h2>");
    }

    @Test
    void onShowsTheFirst63CharactersOfALongRequestLine() throws Exception {
        start("ExtendedStatus On\n" + STATUS);

        String page = statusWhileAnotherConnectionAsked(LONG_PATH);

        String line = "GET " + LONG_PATH + " HTTP/1.1";
        assertThat(page).contains("<td nowrap>" + line.substring(0, 63) + "</td>").doesNotContain(line);
    }

    @Test
    void seeRequestTailShowsTheLast63Characters() throws Exception {
        start("SeeRequestTail On\n" + STATUS);

        String page = statusWhileAnotherConnectionAsked(LONG_PATH);

        String line = "GET " + LONG_PATH + " HTTP/1.1";
        assertThat(page).contains("<td nowrap>" + line.substring(line.length() - 63) + "</td>");
    }

    @Test
    void extendedStatusBelongsToTheMainServer() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n<VirtualHost *:80>\nExtendedStatus On\n"
                + "</VirtualHost>\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("ExtendedStatus cannot occur within <VirtualHost> section");
                    assertThat(e.location().line()).isEqualTo(3);
                });
    }

    /** The status page, asked for while a kept-alive connection's last request was for {@code path}. */
    private String statusWhileAnotherConnectionAsked(String path) throws Exception {
        htdocs("a.txt", "hello");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 404 ");
            return get("/server-status").body();
        }
    }
}
