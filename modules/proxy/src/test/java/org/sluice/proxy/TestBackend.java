package org.sluice.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 origin server for the proxy's tests, on plain sockets: it reads each
 * request (its body by length or chunks, digested rather than kept), records it, and lets the
 * test's {@link Responder} write whatever bytes it likes, valid HTTP or not. It counts the
 * connections it accepts and those that ended.
 */
final class TestBackend implements AutoCloseable {

    /** Writes the answer to one request; {@link Exchange#close} ends the connection after it. */
    @FunctionalInterface
    interface Responder {
        void respond(Exchange exchange) throws Exception;
    }

    /**
     * A request as the backend received it.
     *
     * @param headers the fields, names lower-cased, values of repeated fields joined with ", "
     * @param framing "length", "chunked" or "none"
     */
    record Received(String method, String target, Map<String, String> headers, String framing, long bodyLength,
                    String bodySha256, String bodyText) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One request and the connection to answer it on. */
    static final class Exchange {
        final Received request;
        final OutputStream out;
        final Socket socket;
        boolean close;

        Exchange(Received request, OutputStream out, Socket socket) {
            this.request = request;
            this.out = out;
            this.socket = socket;
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** A 200 with {@code body} as text/plain and a Content-Length. */
        void ok(String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length + "\r\n\r\n");
            out.write(bytes);
            out.flush();
        }
    }

    private final ServerSocket listener;
    private final BlockingQueue<Received> received = new ArrayBlockingQueue<>(1000);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger ended = new AtomicInteger();
    private volatile Responder responder;

    TestBackend(Responder responder) throws IOException {
        this.responder = responder;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("test-backend").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    void responder(Responder responder) {
        this.responder = responder;
    }

    /** The next request received, waiting up to 10 seconds for it. */
    Received next() throws InterruptedException {
        Received r = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the backend received no request");
        }
        return r;
    }

    /** Requests received and not yet taken with {@link #next()}. */
    int pending() {
        return received.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                sockets.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Received request = read(in);
                if (request == null) {
                    return;
                }
                received.add(request);
                Exchange exchange = new Exchange(request, out, socket);
                responder.respond(exchange);
                out.flush();
                if (exchange.close) {
                    return;
                }
            }
        } catch (Exception e) {
            // the proxy went away: the test looks at the counts
        } finally {
            ended.incrementAndGet();
        }
    }

    private static Received read(InputStream in) throws IOException, NoSuchAlgorithmException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        while (true) {
            String field = line(in);
            if (field == null || field.isEmpty()) {
                break;
            }
            int colon = field.indexOf(':');
            String name = field.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = field.substring(colon + 1).strip();
            order.add(name);
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        headers.put(":order", String.join(",", order));
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        long length = 0;
        String framing = "none";
        byte[] buffer = new byte[65536];
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            framing = "chunked";
            while (true) {
                long size = Long.parseLong(line(in).split(";")[0].strip(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailer fields
                    }
                    break;
                }
                length += copy(in, size, digest, text, buffer);
                line(in);
            }
        } else if (headers.containsKey("content-length")) {
            framing = "length";
            length = copy(in, Long.parseLong(headers.get("content-length")), digest, text, buffer);
        }
        return new Received(parts[0], parts[1], headers, framing, length, HexFormat.of().formatHex(digest.digest()),
                text.toString(StandardCharsets.UTF_8));
    }

    /** Reads {@code n} bytes into the digest, keeping the first 4 KiB as text. */
    private static long copy(InputStream in, long n, MessageDigest digest, ByteArrayOutputStream text, byte[] buffer)
            throws IOException {
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("body ended early");
            }
            digest.update(buffer, 0, read);
            if (text.size() < 4096) {
                text.write(buffer, 0, Math.min(read, 4096 - text.size()));
            }
            left -= read;
        }
        return n;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            if (line.length() > 65536) {
                throw new IOException("line too long");
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
