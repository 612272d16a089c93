package org.sluice.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking line client on 127.0.0.1 with a read timeout, so that no test waits forever for
 * a server that went quiet.
 */
final class LineClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static LineClient connect(int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            return new LineClient(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** Sends {@code text} as UTF-8, as it is (add the line end yourself). */
    LineClient send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    LineClient send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code line} and CRLF, then reads the reply line. */
    String exchange(String line) {
        send(line + "\r\n");
        return readLine();
    }

    /**
     * Reads a line up to LF, decoded as UTF-8, without its CRLF; null at end of stream before
     * any byte of a line.
     */
    String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** Reads exactly {@code n} bytes (fails at an early end of stream). */
    byte[] readExactly(int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True if the server closed the connection: the next read gives end of stream (or a
     * reset) before any data. False if data arrives. A timeout is an error.
     */
    boolean isClosedByServer() {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither sent data nor closed within " + TIMEOUT, e);
        } catch (SocketException e) {
            return true; // connection reset: closed, and without data
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int localPort() {
        return socket.getLocalPort();
    }

    OutputStream output() {
        return out;
    }

    InputStream input() {
        return in;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
