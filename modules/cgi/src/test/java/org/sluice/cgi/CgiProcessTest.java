package org.sluice.cgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A script's process ends with its request, whatever way the request ends. */
class CgiProcessTest extends CgiTestBase {

    @AfterEach
    void noScriptOrPumpOutlivesItsRequest() {
        await().atMost(Duration.ofSeconds(10)).until(() -> ScriptProcess.running() == 0 && ScriptProcess.livePumps() == 0);
    }

    /** A script that writes its process id to {@code pid}, then runs {@code rest}. */
    private Path pidScript(String name, String rest) throws Exception {
        Path pid = root.resolve(name + ".pid");
        script("cgi-bin/" + name, "#!/bin/sh\necho $$ > '" + pid + "'\n" + rest);
        return pid;
    }

    /** Whether the process whose id {@code pidFile} holds (once written) is alive. */
    private static boolean alive(Path pidFile) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void awaitRunning(Path pidFile) throws Exception {
        assertThat(alive(pidFile)).as("the script runs").isTrue();
    }

    private static void awaitEnded(Path pidFile) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !alive(pidFile));
    }

    @Test
    void aScriptSilentForTheTimeoutIsKilledAnd504() throws Exception {
        start("Timeout 1\n");
        Path pid = pidScript("sleeper.sh", "sleep 60\n");

        HttpResponse<String> response = get("/cgi-bin/sleeper.sh");

        assertThat(response.statusCode()).isEqualTo(504);
        awaitEnded(pid);
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("Script timed out before returning headers: sleeper.sh"));
    }

    @Test
    void cgiScriptTimeoutOverridesTimeout() throws Exception {
        start("<Directory cgi-bin>\nCGIScriptTimeout 1\n</Directory>\n");
        pidScript("sleeper.sh", "sleep 60\n");

        assertThat(get("/cgi-bin/sleeper.sh").statusCode()).isEqualTo(504);
    }

    @Test
    void aScriptThatStopsHalfWayIsCutOffAfterTheTimeout() throws Exception {
        start("Timeout 1\n");
        pidScript("half.sh", "echo 'Content-Type: text/plain'\necho\necho first\nsleep 60\necho never\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /cgi-bin/half.sh HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String response = readAll(socket.getInputStream());

            // the connection closes without the last chunk: the client can tell the response is cut off
            assertThat(response).contains("first\n").doesNotContain("never").doesNotEndWith("0\r\n\r\n");
        }
        assertThat(errorLog()).anySatisfy(m -> assertThat(m).contains("Timeout waiting for output from CGI script"));
    }

    @Test
    void aClientThatResetsTheConnectionGetsTheSilentScriptKilled() throws Exception {
        start("");
        Path pid = pidScript("silent.sh", "sleep 60\n");

        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write("GET /cgi-bin/silent.sh HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        awaitRunning(pid);
        socket.setSoLinger(true, 0);
        socket.close();

        awaitEnded(pid);
    }

    @Test
    void aClientThatGoesAwayGetsTheTalkingScriptKilled() throws Exception {
        start("");
        Path pid = pidScript("talker.sh", "echo 'Content-Type: text/plain'\necho\n"
                + "while true; do echo still talking; sleep 0.05; done\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET /cgi-bin/talker.sh HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] some = in.readNBytes(200);
            assertThat(new String(some, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 ");
        }

        awaitEnded(pid);
    }

    @Test
    void theScriptsChildrenAreKilledWithIt() throws Exception {
        start("Timeout 1\n");
        Path child = root.resolve("child.pid");
        // the shell waits for a child that holds stdout open
        script("cgi-bin/parent.sh", "#!/bin/sh\nsleep 60 &\necho $! > '" + child + "'\nwait\n");

        assertThat(get("/cgi-bin/parent.sh").statusCode()).isEqualTo(504);

        awaitEnded(child);
    }

    @Test
    void stoppingTheServerKillsRunningScripts() throws Exception {
        start("");
        Path pid = pidScript("forever.sh", "echo 'Content-Type: text/plain'\necho\necho started\nsleep 60\n");
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write("GET /cgi-bin/forever.sh HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        awaitRunning(pid);

        server.close();
        server = null;
        socket.close();

        awaitEnded(pid);
    }
}
