package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * {@code RequestReadTimeout} as Apache's mod_reqtimeout: a client that keeps sending, but too
 * slowly for the stage it is in, gets 408 and loses the connection, though no single wait ever
 * reaches {@code Timeout}. Between keep-alive requests only {@code KeepAliveTimeout} applies.
 */
class RequestReadTimeoutTest extends HttpServerTestBase {

    /** How long a trickling client keeps going before the test gives up on the server. */
    private static final int GIVE_UP_AFTER_BYTES = 600;

    @Test
    void aHeadTrickledPastTheHeaderLimitIsAnswered408() throws Exception {
        start("Timeout 60\nRequestReadTimeout header=1\n");
        htdocs("a.txt", "AAA");

        String answer = trickle("GET /a.txt HTTP/1.1\r\nHost: x\r\nX-Slow: ", "y");

        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close");
    }

    @Test
    void aBodyTrickledPastTheBodyLimitIsAnswered408() throws Exception {
        start("Timeout 60\nRequestReadTimeout body=1\n");
        htdocs("a.txt", "AAA");

        String answer = trickle("GET /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", "b");

        assertThat(answer).startsWith("HTTP/1.1 408 ");
    }

    @Test
    void theHeadClockOfAKeptAliveConnectionStartsWithTheNextRequestsFirstByte() throws Exception {
        start("RequestReadTimeout header=1\nKeepAliveTimeout 10\n");
        htdocs("a.txt", "AAA");
        try (Socket kept = new Socket("127.0.0.1", port); Socket witness = new Socket("127.0.0.1", port)) {
            kept.setSoTimeout(10_000);
            witness.setSoTimeout(10_000);
            send(kept, "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(readResponse(kept.getInputStream())).startsWith("HTTP/1.1 200 ");

            // a head begun later and left unfinished is answered 408 once the header limit ran
            // out: by then the kept-alive connection has been idle longer than that limit
            send(witness, "GET /a.txt HTTP/1.1\r\n");
            assertThat(readAll(witness.getInputStream())).startsWith("HTTP/1.1 408 ");
            send(kept, "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            assertThat(readAll(kept.getInputStream())).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void zeroTurnsAStageOff() throws Exception {
        start("Timeout 60\nRequestReadTimeout header=0 body=0\n");
        htdocs("a.txt", "AAA");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2_500);
            send(socket, "GET /a.txt HTTP/1.1\r\nHost: x\r\n");
            // no limit at all: not a limit of zero seconds, which would answer at once
            assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aMalformedStageIsAConfigurationErrorAtItsLine() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nRequestReadTimeout body=5 header=20-x\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage())
                            .isEqualTo("RequestReadTimeout: maxtimeout must be a whole number of seconds, not 'x'");
                });
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nRequestReadTimeout headers=20\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("RequestReadTimeout: unknown stage 'headers' (header, body or handshake)"));
    }

    /**
     * Sends {@code start}, then {@code unit} after {@code unit}, each after waiting up to 20 ms
     * for the server's answer, until it answers (or {@link #GIVE_UP_AFTER_BYTES} were sent);
     * returns the answer.
     */
    private String trickle(String start, String unit) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            send(socket, start);
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(20);
            int first = -1;
            for (int sent = 0; sent < GIVE_UP_AFTER_BYTES; sent++) {
                try {
                    send(socket, unit);
                } catch (IOException e) {
                    break; // the server closed: its answer is waiting
                }
                try {
                    first = in.read();
                    break;
                } catch (SocketTimeoutException e) {
                    // no answer yet: send the next piece
                }
            }
            socket.setSoTimeout(10_000);
            String rest = readAll(in);
            return first < 0 ? rest : (char) first + rest;
        }
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
