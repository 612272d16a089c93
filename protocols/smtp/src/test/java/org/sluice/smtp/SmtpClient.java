package org.sluice.smtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.sluice.testing.TestCertificates;
import org.sluice.testing.TestClient;

/** A raw SMTP client over a real socket: sends lines, reads (multi-line) replies, starts TLS. */
final class SmtpClient implements AutoCloseable {

    /** One reply: its code and the text of each line after the code. */
    record Reply(int code, List<String> lines) {
        String last() {
            return lines.get(lines.size() - 1);
        }

        /** Checks the code. */
        Reply expect(int expected) {
            if (code != expected) {
                throw new AssertionError("expected " + expected + ", got " + this);
            }
            return this;
        }

        /** Code and text of the last line, as {@code 250 2.1.0 Ok}. */
        @Override
        public String toString() {
            return code + " " + last();
        }
    }

    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private SmtpClient(int port, Socket socket) throws IOException {
        this.port = port;
        use(socket);
    }

    static SmtpClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TestClient.TIMEOUT.toMillis());
        return new SmtpClient(port, socket);
    }

    /** Connects, reads the greeting, says EHLO. */
    static SmtpClient greeted(int port) throws IOException {
        SmtpClient client = connect(port);
        client.expect(220);
        client.command("EHLO client.test").expect(250);
        return client;
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    SmtpClient send(String line) throws IOException {
        return sendRaw((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    SmtpClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    Reply command(String line) throws IOException {
        send(line);
        return reply();
    }

    /** The next reply; fails if the server closes first. */
    Reply reply() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed by the server; lines so far: " + lines);
            }
            if (line.length() < 4 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
                throw new IOException("not a reply line: '" + line + "'");
            }
            lines.add(line.substring(4));
            if (line.charAt(3) == ' ') {
                return new Reply(Integer.parseInt(line.substring(0, 3)), List.copyOf(lines));
            }
        }
    }

    /** Reads a reply and checks its code. */
    Reply expect(int code) throws IOException {
        return reply().expect(code);
    }

    /** The next line without CRLF, or null at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection: the next read finds end of stream (or a reset). */
    boolean closedByServer() {
        try {
            return in.read() == -1;
        } catch (IOException e) {
            return true;
        }
    }

    /** Layers TLS over the connection after the server's {@code 220} to STARTTLS, trusting the test certificates. */
    void startTls(String serverName) throws IOException {
        SSLSocket tls = (SSLSocket) TestCertificates.clientContext().getSocketFactory()
                .createSocket(socket, serverName, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        use(tls);
    }

    /** The socket's input, for a test that reads the bytes as they come. */
    InputStream rawInput() throws IOException {
        return socket.getInputStream();
    }

    SSLSocket tlsSocket() {
        return (SSLSocket) socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
