package org.sluice.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scripts run through real sockets: what they are given and what their output becomes. */
class CgiScriptTest extends CgiTestBase {

    private static final String ENV_SCRIPT = """
            #!/bin/sh
            echo "Content-Type: text/plain"
            echo
            env
            echo "PWD=$(pwd)"
            """;

    @AfterEach
    void noScriptOrPumpOutlivesItsRequest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ScriptProcess.running() == 0 && ScriptProcess.livePumps() == 0);
    }

    private static Map<String, String> variables(String body) {
        Map<String, String> env = new HashMap<>();
        for (String line : body.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                env.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return env;
    }

    @Test
    void aScriptGetsTheMetaVariablesOfRfc3875() throws Exception {
        start("SetEnv STAGE production\n");
        Path file = script("cgi-bin/env.sh", ENV_SCRIPT);

        HttpResponse<String> response = get("/cgi-bin/env.sh/extra/path?a=1&b=%20x", "User-Agent", "tester/1.0",
                "X-Custom-Thing", "yes");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        Map<String, String> env = variables(response.body());
        Path htdocs = root.resolve("htdocs").toAbsolutePath().normalize();
        assertThat(env).containsEntry("GATEWAY_INTERFACE", "CGI/1.1")
                .containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
                .containsEntry("REQUEST_METHOD", "GET")
                .containsEntry("QUERY_STRING", "a=1&b=%20x")
                .containsEntry("REQUEST_URI", "/cgi-bin/env.sh/extra/path?a=1&b=%20x")
                .containsEntry("SCRIPT_NAME", "/cgi-bin/env.sh")
                .containsEntry("SCRIPT_FILENAME", file.toAbsolutePath().normalize().toString())
                .containsEntry("PATH_INFO", "/extra/path")
                .containsEntry("PATH_TRANSLATED", htdocs + "/extra/path")
                .containsEntry("REMOTE_ADDR", "127.0.0.1")
                .containsEntry("SERVER_NAME", "127.0.0.1")
                .containsEntry("SERVER_PORT", Integer.toString(port))
                .containsEntry("SERVER_ADDR", "127.0.0.1")
                .containsEntry("DOCUMENT_ROOT", htdocs.toString())
                .containsEntry("REQUEST_SCHEME", "http")
                .containsEntry("HTTP_USER_AGENT", "tester/1.0")
                .containsEntry("HTTP_X_CUSTOM_THING", "yes")
                .containsEntry("STAGE", "production")
                .containsEntry("PWD", file.getParent().toRealPath().toString())
                .containsKeys("REMOTE_PORT", "PATH", "SERVER_SOFTWARE", "SERVER_ADMIN")
                .doesNotContainKeys("HTTPS", "REMOTE_USER", "REMOTE_HOST", "HTTP_AUTHORIZATION");
        assertThat(env.get("SERVER_SOFTWARE")).startsWith("Sluice/");
    }

    @Test
    void overTlsTheScriptGetsHttpsAndUnderStdEnvVarsTheSslVariables() throws Exception {
        org.sluice.testing.TestCertificates.copyTo(root);
        start("LoadModule ssl\nSSLEngine on\nSSLCertificateFile tls/a.test.pem\nSSLCertificateKeyFile tls/a.test.key\n"
                + "<Directory cgi-bin/std>\nSSLOptions +StdEnvVars\n</Directory>\n");
        script("cgi-bin/env.sh", ENV_SCRIPT);
        script("cgi-bin/std/env.sh", ENV_SCRIPT);

        Map<String, String> plain = variables(tls("/cgi-bin/env.sh"));
        Map<String, String> std = variables(tls("/cgi-bin/std/env.sh"));

        assertThat(plain).containsEntry("HTTPS", "on").containsEntry("REQUEST_SCHEME", "https")
                .doesNotContainKey("SSL_PROTOCOL");
        assertThat(std).containsEntry("HTTPS", "on").containsKey("SSL_PROTOCOL").containsKey("SSL_CIPHER");
    }

    private String tls(String path) throws Exception {
        try (org.sluice.testing.TestClient tls = org.sluice.testing.TestClient.connectTls(port, "a.test")) {
            tls.send("GET " + path + " HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
            return readAll(tls.socket().getInputStream());
        }
    }

    @Test
    void aProxyFieldNeverBecomesHttpProxy() throws Exception {
        start("");
        script("cgi-bin/env.sh", ENV_SCRIPT);

        String response = raw("GET /cgi-bin/env.sh HTTP/1.1\r\nHost: localhost\r\nProxy: http://evil.example:666\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ").contains("HTTP_HOST=localhost\n")
                .doesNotContain("HTTP_PROXY").doesNotContain("evil.example");
    }

    @Test
    void authorizationIsPassedOnlyUnderCgiPassAuth() throws Exception {
        start("<Directory cgi-bin/pass>\nCGIPassAuth On\n</Directory>\n");
        script("cgi-bin/env.sh", ENV_SCRIPT);
        script("cgi-bin/pass/env.sh", ENV_SCRIPT);

        assertThat(variables(get("/cgi-bin/env.sh", "Authorization", "Basic dTpw").body()))
                .doesNotContainKey("HTTP_AUTHORIZATION");
        assertThat(variables(get("/cgi-bin/pass/env.sh", "Authorization", "Basic dTpw").body()))
                .containsEntry("HTTP_AUTHORIZATION", "Basic dTpw");
    }

    @Test
    void aLargePostBodyReachesTheScriptWhole() throws Exception {
        start("");
        script("cgi-bin/echo.sh", "#!/bin/sh\necho 'Content-Type: application/octet-stream'\necho\ncat\n");
        byte[] body = pattern(3 * 1024 * 1024 + 17);

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/cgi-bin/echo.sh"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Arrays.equals(response.body(), body)).as("the body came back byte for byte").isTrue();
    }

    @Test
    void aChunkedUploadReachesTheScriptWhole() throws Exception {
        start("");
        script("cgi-bin/echo.sh", "#!/bin/sh\necho 'Content-Type: application/octet-stream'\n"
                + "echo \"X-Length: ${CONTENT_LENGTH:-none}\"\necho\ncat\n");
        byte[] body = pattern(1536 * 1024);

        // a stream of unknown length goes out chunked
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/cgi-bin/echo.sh"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Length")).hasValue("none");
        assertThat(Arrays.equals(response.body(), body)).isTrue();
    }

    @Test
    void aScriptThatWritesBeforeItReadsDoesNotStall() throws Exception {
        start("");
        // a megabyte of output before it reads a byte of its megabyte of input
        script("cgi-bin/talker.sh", "#!/bin/sh\necho 'Content-Type: application/octet-stream'\necho\n"
                + "head -c 1048576 /dev/zero\ncat\n");
        byte[] body = pattern(1024 * 1024);

        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/cgi-bin/talker.sh"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(2 * 1024 * 1024);
        assertThat(Arrays.copyOfRange(response.body(), 1024 * 1024, 2 * 1024 * 1024)).isEqualTo(body);
    }

    @Test
    void aBodyOverLimitRequestBodyIs413() throws Exception {
        start("LimitRequestBody 1000\n");
        script("cgi-bin/echo.sh", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\ncat\n");

        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofByteArray(new byte[5000]), "POST",
                "/cgi-bin/echo.sh");

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void theStatusFieldSetsTheStatus() throws Exception {
        start("");
        script("cgi-bin/missing.sh", "#!/bin/sh\nprintf 'Status: 404 Not Here\\r\\nContent-Type: text/plain\\r\\n"
                + "X-From: script\\r\\n\\r\\nno such thing\\n'\n");

        HttpResponse<String> response = get("/cgi-bin/missing.sh");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no such thing\n");
        assertThat(response.headers().firstValue("X-From")).hasValue("script");
    }

    @Test
    void anInvalidStatusIs500AndABadLastModifiedIsDropped() throws Exception {
        start("");
        script("cgi-bin/status.sh", "#!/bin/sh\necho 'Status: 2000 Huge'\necho\n");
        script("cgi-bin/dated.sh", "#!/bin/sh\necho 'Last-Modified: yesterday'\necho 'Content-Type: text/plain'\n"
                + "echo\necho dated\n");
        script("cgi-bin/good.sh", "#!/bin/sh\necho 'Last-Modified: Tue, 24 Nov 2026 10:23:01 GMT'\n"
                + "echo 'Content-Type: text/plain'\necho\necho dated\n");

        assertThat(get("/cgi-bin/status.sh").statusCode()).isEqualTo(500);
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("Invalid status line from script 'status.sh'"));
        HttpResponse<String> dated = get("/cgi-bin/dated.sh");
        assertThat(dated.body()).isEqualTo("dated\n");
        assertThat(dated.headers().firstValue("Last-Modified")).isEmpty();
        assertThat(get("/cgi-bin/good.sh").headers().firstValue("Last-Modified"))
                .hasValue("Tue, 24 Nov 2026 10:23:01 GMT");
    }

    @Test
    void aLocationUrlIsA302WithoutTheScriptsBody() throws Exception {
        start("");
        script("cgi-bin/away.sh", "#!/bin/sh\necho 'Location: https://elsewhere.example/x?y=1'\n"
                + "echo 'Set-Cookie: seen=1'\necho\necho 'this is dropped'\n");

        HttpResponse<String> response = get("/cgi-bin/away.sh");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("https://elsewhere.example/x?y=1");
        assertThat(response.headers().firstValue("Set-Cookie")).hasValue("seen=1");
        assertThat(response.body()).doesNotContain("this is dropped");
    }

    @Test
    void aLocationWithItsOwnStatusIsPassedOn() throws Exception {
        start("");
        script("cgi-bin/moved.sh", "#!/bin/sh\necho 'Status: 301 Moved Permanently'\n"
                + "echo 'Location: https://elsewhere.example/'\necho 'Content-Type: text/plain'\necho\necho moved\n");

        HttpResponse<String> response = get("/cgi-bin/moved.sh");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.body()).isEqualTo("moved\n");
    }

    @Test
    void aLocalLocationIsServedByAnInternalRedirectAsGet() throws Exception {
        start("");
        htdocs("done.txt", "all done\n");
        script("cgi-bin/env.sh", ENV_SCRIPT);
        script("cgi-bin/post.sh", "#!/bin/sh\ncat > /dev/null\necho 'Location: /cgi-bin/env.sh?from=post'\necho\n");
        script("cgi-bin/static.sh", "#!/bin/sh\necho 'Location: /done.txt'\necho\n");

        HttpResponse<String> file = get("/cgi-bin/static.sh");
        HttpResponse<String> redirected = send(HttpRequest.BodyPublishers.ofString("a=1"), "POST", "/cgi-bin/post.sh",
                "Content-Type", "application/x-www-form-urlencoded");

        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("all done\n");
        Map<String, String> env = variables(redirected.body());
        assertThat(env).containsEntry("REQUEST_METHOD", "GET").containsEntry("QUERY_STRING", "from=post")
                .containsEntry("REDIRECT_URL", "/cgi-bin/post.sh").containsEntry("REDIRECT_STATUS", "200")
                .containsEntry("SCRIPT_NAME", "/cgi-bin/env.sh");
    }

    @Test
    void headRunsTheScriptButSendsNoBody() throws Exception {
        start("");
        Path ran = root.resolve("ran");
        script("cgi-bin/head.sh", "#!/bin/sh\necho \"$REQUEST_METHOD\" > '" + ran + "'\necho 'Content-Type: text/plain'\n"
                + "echo\necho body\n");

        String response = raw("HEAD /cgi-bin/head.sh HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n").doesNotContain("body");
        assertThat(Files.readString(ran).strip()).isEqualTo("HEAD");
    }

    @Test
    void stderrGoesToTheErrorLog() throws Exception {
        start("");
        script("cgi-bin/warn.sh", "#!/bin/sh\necho 'something odd' >&2\necho 'Content-Type: text/plain'\necho\necho ok\n");

        assertThat(get("/cgi-bin/warn.sh").body()).isEqualTo("ok\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> errorLog().stream()
                .anyMatch(m -> m.contains("stderr from ") && m.endsWith("warn.sh: something odd")));
    }

    @Test
    void aMalformedHeaderIs500() throws Exception {
        start("");
        script("cgi-bin/bad.sh", "#!/bin/sh\necho 'Content-Type: text/plain'\necho 'this is no header'\necho\n");
        script("cgi-bin/bare.sh", "#!/bin/sh\necho 'hello world'\n");

        assertThat(get("/cgi-bin/bad.sh").statusCode()).isEqualTo(500);
        assertThat(get("/cgi-bin/bare.sh").statusCode()).isEqualTo(500);
        assertThat(errorLog()).anySatisfy(m -> assertThat(m)
                .contains("malformed header from script 'bad.sh': Bad header: this is no header"));
        assertThat(errorLog()).anySatisfy(m -> assertThat(m)
                .contains("malformed header from script 'bare.sh': Bad header: hello world"));
    }

    @Test
    void tooManyOrTooLongHeaderLinesAre500() throws Exception {
        start("");
        script("cgi-bin/many.sh", "#!/bin/sh\ni=0\nwhile [ $i -lt 500 ]; do echo \"X-$i: $i\"; i=$((i+1)); done\necho\n");
        script("cgi-bin/long.sh", "#!/bin/sh\nprintf 'X-Long: '\nhead -c 100000 /dev/zero | tr '\\0' a\necho\necho\n");

        assertThat(get("/cgi-bin/many.sh").statusCode()).isEqualTo(500);
        assertThat(get("/cgi-bin/long.sh").statusCode()).isEqualTo(500);
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("malformed header from script 'many.sh'"));
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("malformed header from script 'long.sh'"));
    }

    @Test
    void noOutputAtAllIs500() throws Exception {
        start("");
        script("cgi-bin/silent.sh", "#!/bin/sh\nexit 0\n");

        assertThat(get("/cgi-bin/silent.sh").statusCode()).isEqualTo(500);
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("End of script output before headers: silent.sh"));
    }

    @Test
    void scriptsOutsideScriptAliasNeedExecCgi() throws Exception {
        start("AddHandler cgi-script .cgi\n<Directory htdocs/app>\nOptions +ExecCGI\n</Directory>\n");
        script("htdocs/app/run.cgi", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho ran\n");
        script("htdocs/other/run.cgi", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho ran\n");

        assertThat(get("/app/run.cgi").body()).isEqualTo("ran\n");
        HttpResponse<String> refused = get("/other/run.cgi");

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("#!/bin/sh");
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("Options ExecCGI is off in this directory: ")
                .endsWith("other/run.cgi"));
    }

    @Test
    void setHandlerRunsEveryFileOfASection() throws Exception {
        start("<Directory htdocs/tools>\nOptions ExecCGI\nSetHandler cgi-script\n</Directory>\n");
        script("htdocs/tools/hello", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\necho hello\n");

        assertThat(get("/tools/hello").body()).isEqualTo("hello\n");
    }

    @Test
    void aScriptThatCannotBeExecutedIs500() throws Exception {
        start("");
        Path plain = script("cgi-bin/plain.sh", "#!/bin/sh\necho never\n");
        Files.setPosixFilePermissions(plain, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        script("cgi-bin/nointerp.pl", "#!/no/such/interpreter\nprint 1;\n");

        HttpResponse<String> notExecutable = get("/cgi-bin/plain.sh");
        HttpResponse<String> noInterpreter = get("/cgi-bin/nointerp.pl");

        assertThat(notExecutable.statusCode()).isEqualTo(500);
        assertThat(notExecutable.body()).doesNotContain("never");
        assertThat(noInterpreter.statusCode()).isEqualTo(500);
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("couldn't spawn child process: ")
                .contains("plain.sh"));
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("couldn't spawn child process: ")
                .contains("nointerp.pl"));
    }

    @Test
    void nphScriptsAreRefused() throws Exception {
        start("");
        script("cgi-bin/nph-raw.sh", "#!/bin/sh\nprintf 'HTTP/1.1 200 OK\\r\\n\\r\\nraw'\n");

        assertThat(get("/cgi-bin/nph-raw.sh").statusCode()).isEqualTo(403);
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("nph- scripts are not supported"));
    }

    @Test
    void deflateCompressesScriptOutput() throws Exception {
        start("AddOutputFilterByType DEFLATE text/plain\n");
        script("cgi-bin/text.sh", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\n"
                + "i=0\nwhile [ $i -lt 2000 ]; do echo \"line $i of the text\"; i=$((i+1)); done\n");

        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/cgi-bin/text.sh"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String text;
        try (InputStream in = new GZIPInputStream(response.body())) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).startsWith("line 0 of the text\n").endsWith("line 1999 of the text\n");
    }

    @Test
    void headerRulesAndTheAccessLogApply() throws Exception {
        start("Header always set X-Served cgi\nHeader always unset X-Secret\n");
        script("cgi-bin/hello.sh", "#!/bin/sh\necho 'Content-Type: text/plain'\necho 'X-Secret: 42'\necho\necho hello\n");

        HttpResponse<String> response = get("/cgi-bin/hello.sh");

        assertThat(response.headers().firstValue("X-Served")).hasValue("cgi");
        assertThat(response.headers().firstValue("X-Secret")).isEmpty();
        Path log = root.resolve("logs/access_log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log)
                && Files.readString(log).contains("\"GET /cgi-bin/hello.sh HTTP/1.1\" 200 6 "));
    }

    @Test
    void keepAliveSurvivesAScriptThatReadsItsBody() throws Exception {
        start("");
        script("cgi-bin/echo.sh", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\ncat\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "POST /cgi-bin/echo.sh HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello";
            socket.getOutputStream().write((request + request).getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String first = readChunked(in);
            String second = readChunked(in);

            assertThat(first).startsWith("HTTP/1.1 200 ").doesNotContain("Connection: close").endsWith("hello");
            assertThat(second).startsWith("HTTP/1.1 200 ").endsWith("hello");
        }
    }

    @Test
    void curlTalksToAScript() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        start("");
        script("cgi-bin/form.sh", "#!/bin/sh\necho 'Content-Type: text/plain'\necho\n"
                + "echo \"$REQUEST_METHOD $CONTENT_TYPE $CONTENT_LENGTH\"\ncat\n");

        Process curl = new ProcessBuilder("curl", "-s", "-i", "--data", "name=sluice&x=1",
                "http://127.0.0.1:" + port + "/cgi-bin/form.sh").redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(curl.waitFor()).isZero();
        assertThat(out).startsWith("HTTP/1.1 200 OK")
                .endsWith("POST application/x-www-form-urlencoded 15\nname=sluice&x=1");
    }

    /** One chunked response, head and body text, read without waiting for the connection to close. */
    private static String readChunked(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        StringBuilder body = new StringBuilder();
        while (true) {
            StringBuilder size = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c != '\r') {
                    size.append((char) c);
                }
            }
            int n = Integer.parseInt(size.toString(), 16);
            byte[] data = in.readNBytes(n + 2);
            if (n == 0) {
                return head.toString(StandardCharsets.ISO_8859_1) + body;
            }
            body.append(new String(data, 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >> 11));
        }
        return bytes;
    }
}
