package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** core's {@code EnableSendfile} and {@code EnableMMAP}. */
class EnableSendfileTest extends HttpServerTestBase {

    private static final int SIZE = 4 * 1024 * 1024 + 17;

    private byte[] bigFile(String name) throws Exception {
        byte[] content = new byte[SIZE];
        new Random(7).nextBytes(content);
        Files.createDirectories(root.resolve("htdocs").resolve(name).getParent());
        Files.write(root.resolve("htdocs").resolve(name), content);
        return content;
    }

    private byte[] fetch(String request, int length) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 20");
            return in.readNBytes(length);
        }
    }

    @Test
    void offSendsALargeFileWholeByReadingIt() throws Exception {
        start("<Directory htdocs/read>\nEnableSendfile Off\n</Directory>\n");
        byte[] content = bigFile("read/big.bin");

        byte[] body = fetch("GET /read/big.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", SIZE);

        assertThat(Arrays.equals(body, content)).as("the body is the file").isTrue();
    }

    @Test
    void offSendsTheRangeAsked() throws Exception {
        start("EnableSendfile off\n");
        byte[] content = bigFile("big.bin");

        byte[] body = fetch("GET /big.bin HTTP/1.1\r\nHost: localhost\r\nRange: bytes=100000-2200000\r\n"
                + "Connection: close\r\n\r\n", 2_100_001);

        assertThat(Arrays.equals(body, Arrays.copyOfRange(content, 100_000, 2_200_001))).isTrue();
    }

    @Test
    void enableMmapIsAcceptedAndChangesNothing() throws Exception {
        start("EnableMMAP Off\n");
        htdocs("a.txt", "mapped or not");

        assertThat(get("/a.txt").body()).isEqualTo("mapped or not");
    }

    @Test
    void aWordOtherThanOnOrOffIsRefusedAtItsLine() {
        for (String directive : new String[] {"EnableSendfile", "EnableMMAP"}) {
            assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + directive + " maybe\n"))
                    .isInstanceOfSatisfying(ConfigException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo("parameter must be 'on' or 'off'");
                        assertThat(e.location().line()).isEqualTo(2);
                    });
        }
    }
}
