package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** {@code SetHandler server-status}, through a real server. */
class ServerStatusTest {

    /** The keys of mod_status's {@code ?auto} output, in its order. */
    private static final List<String> APACHE_KEYS = List.of("ServerVersion", "ServerMPM", "Server Built",
            "CurrentTime", "RestartTime", "ParentServerConfigGeneration", "ParentServerMPMGeneration",
            "ServerUptimeSeconds", "ServerUptime", "Load1", "Load5", "Load15", "Total Accesses", "Total kBytes",
            "Total Duration", "CPUUser", "CPUSystem", "CPUChildrenUser", "CPUChildrenSystem", "Uptime",
            "ReqPerSec", "BytesPerSec", "BytesPerReq", "DurationPerReq", "BusyWorkers", "GracefulWorkers",
            "IdleWorkers", "Processes", "Stopping", "ConnsTotal", "ConnsAsyncWaitIO", "ConnsAsyncWriting",
            "ConnsAsyncKeepAlive", "ConnsAsyncClosing", "Scoreboard");

    @TempDir
    Path root;

    private TestServer server;
    private int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private void start(String require) throws Exception {
        Files.createDirectories(root.resolve("htdocs"));
        Files.createDirectories(root.resolve("logs"));
        Files.writeString(root.resolve("htdocs/a.txt"), "x".repeat(4096));
        port = TestServer.freePort();
        server = TestServer.start(root, "LoadModule http\nListen 127.0.0.1:" + port + " http\n"
                + "ServerName status.test\nDocumentRoot htdocs\nKeepAliveTimeout 5\nGracefulShutdownTimeout 2\n"
                + "<Location /server-status>\n    SetHandler server-status\n    Require " + require + "\n</Location>\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, String> auto() throws Exception {
        HttpResponse<String> response = get("/server-status?auto");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        List<String> lines = response.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("status.test");
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(": ");
            int bare = line.indexOf(':');
            assertThat(bare).as("key: value line %s", line).isPositive();
            if (colon < 0) {
                // only ServerUptime has no space after its colon (mod_status prints " 1 minute ..." after it)
                values.put(line.substring(0, bare), line.substring(bare + 1));
            } else {
                values.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return values;
    }

    @Test
    void autoHasModStatusKeysInOrder() throws Exception {
        start("all granted");
        get("/a.txt");
        Map<String, String> values = auto();
        List<String> keys = values.keySet().stream().filter(APACHE_KEYS::contains).toList();
        // CPULoad and the rates are printed only when there is something to print, as in mod_status
        assertThat(keys).containsSubsequence(APACHE_KEYS.stream()
                .filter(k -> values.containsKey(k)).toList());
        assertThat(values).containsKeys("ServerVersion", "Total Accesses", "Total kBytes", "Total Duration",
                "Uptime", "BusyWorkers", "IdleWorkers", "ConnsTotal", "Scoreboard", "Load1", "Load5", "Load15",
                "ServerUptimeSeconds", "ConnsAsyncKeepAlive", "ConnsAsyncWriting", "ConnsAsyncClosing");
        assertThat(values.get("ServerMPM")).isEqualTo("event");
        for (String key : List.of("Total Accesses", "Total kBytes", "Total Duration", "Uptime", "BusyWorkers",
                "IdleWorkers", "ConnsTotal", "ServerUptimeSeconds")) {
            assertThat(values.get(key)).as(key).matches("\\d+");
        }
        for (String key : List.of("Load1", "Load5", "Load15")) {
            assertThat(values.get(key)).as(key).matches("-?\\d+\\.\\d\\d");
        }
        assertThat(values.get("Scoreboard")).matches("[WK_.]+").hasSizeGreaterThanOrEqualTo(256);
        // this very request is inside a request
        assertThat(Integer.parseInt(values.get("BusyWorkers"))).isGreaterThanOrEqualTo(1);
        assertThat(values.get("Scoreboard")).contains("W");
    }

    @Test
    void countersMoveAfterRequests() throws Exception {
        start("all granted");
        Map<String, String> before = auto();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/a.txt").statusCode()).isEqualTo(200);
        }
        Map<String, String> after = auto();
        long accesses = Long.parseLong(after.get("Total Accesses")) - Long.parseLong(before.get("Total Accesses"));
        // the five, and the first ?auto itself
        assertThat(accesses).isEqualTo(6);
        assertThat(Long.parseLong(after.get("Total kBytes")) - Long.parseLong(before.get("Total kBytes")))
                .isGreaterThanOrEqualTo(20);
        assertThat(after).containsKeys("BytesPerReq", "DurationPerReq");
    }

    @Test
    void anIdleKeepAliveConnectionIsK() throws Exception {
        start("all granted");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[8192];
            int total = 0;
            while (total < 4096) {
                int n = socket.getInputStream().read(buffer);
                assertThat(n).isPositive();
                total += n;
            }
            Map<String, String> values = auto();
            assertThat(Integer.parseInt(values.get("IdleWorkers"))).isGreaterThanOrEqualTo(1);
            assertThat(values.get("Scoreboard")).contains("K");
        }
    }

    @Test
    void otherMethodsThanGetAndHeadAreLeftToTheDefaultHandlerAsModStatusLeavesThem() throws Exception {
        start("all granted");
        // no file server-status: POST finds nothing to serve, PUT is not allowed, as in httpd
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/server-status"))
                .POST(HttpRequest.BodyPublishers.ofString("x=1")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/server-status"))
                .PUT(HttpRequest.BodyPublishers.ofString("x=1")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET,POST,OPTIONS,HEAD,TRACE");

        HttpResponse<String> options = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/server-status"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("Allow")).hasValue("GET,POST,OPTIONS,HEAD,TRACE");
        assertThat(options.body()).isEmpty();
    }

    @Test
    void accessIsRestrictedByRequire() throws Exception {
        start("ip 10.255.255.1");
        assertThat(get("/server-status").statusCode()).isEqualTo(403);
        assertThat(get("/server-status?auto").statusCode()).isEqualTo(403);
    }

    @Test
    void htmlPageShowsCountersAndFilterChains() throws Exception {
        start("all granted");
        get("/a.txt");
        HttpResponse<String> page = get("/server-status");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("Server Status for status.test").contains("Total accesses: ")
                .contains("requests currently being processed").contains("Server MPM: event")
                .contains("HTTP_IN").contains("HTTP_OUT").contains("GET /server-status HTTP/1.1");
    }
}
