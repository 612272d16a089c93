package org.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking line client for talking to a {@link TestServer}. Every read gives up after
 * {@link #TIMEOUT}, so a test that waits for something the server never sends fails instead
 * of hanging.
 */
public final class TestClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port}. */
    public static TestClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        return new TestClient(socket);
    }

    /**
     * Connects to {@code 127.0.0.1:port} over TLS, trusting {@link TestCertificates}, sending
     * {@code serverName} by SNI (none if null), and completes the handshake.
     *
     * @param protocols the TLS versions to offer; the JDK's defaults if none
     */
    public static TestClient connectTls(int port, String serverName, String... protocols) throws IOException {
        return connectTlsAfter(port, new byte[0], serverName, protocols);
    }

    /** As {@link #connectTls}, presenting the client certificate {@code clientName} of {@link TestCertificates}. */
    public static TestClient connectTlsAs(int port, String serverName, String clientName) throws IOException {
        return connectTls(port, TestCertificates.clientContext(clientName), new byte[0], serverName);
    }

    /** As {@link #connectTls}, sending {@code prefix} in plain text first (a PROXY protocol header, say). */
    public static TestClient connectTlsAfter(int port, byte[] prefix, String serverName, String... protocols)
            throws IOException {
        return connectTls(port, TestCertificates.clientContext(), prefix, serverName, protocols);
    }

    private static TestClient connectTls(int port, javax.net.ssl.SSLContext context, byte[] prefix, String serverName,
            String... protocols) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.setSoTimeout((int) TIMEOUT.toMillis());
        plain.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        plain.getOutputStream().write(prefix);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(plain, serverName != null ? serverName : "127.0.0.1", port, true);
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(serverName == null ? java.util.List.of()
                : java.util.List.of(new javax.net.ssl.SNIHostName(serverName)));
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return new TestClient(socket);
    }

    /** The TLS session of a client made by {@link #connectTls}. */
    public javax.net.ssl.SSLSession tlsSession() {
        return ((javax.net.ssl.SSLSocket) socket).getSession();
    }

    public Socket socket() {
        return socket;
    }

    /** Sends {@code text} (UTF-8) in one write. */
    public TestClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /**
     * Sends {@code text} one byte per write; after each, {@code received} is given the number of
     * bytes sent so far and returns once the server has taken them, so each byte travels alone.
     */
    public TestClient sendByteByByte(String text, java.util.function.LongConsumer received) throws IOException {
        long sent = 0;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
            out.flush();
            received.accept(++sent);
        }
        return this;
    }

    /** Ends what the client sends; the server sees end of stream, the client can still read. */
    public TestClient shutdownOutput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** The next line without its line end, or null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** Everything until the server closes. */
    public String readToEnd() throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The next byte, or -1 at end of stream. */
    public int read() throws IOException {
        return in.read();
    }

    /** Closes with a TCP reset instead of a FIN (SO_LINGER 0). */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
