package org.sluice.proxy;

import io.netty.buffer.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One connection to a backend, used in blocking style by the request's (virtual) thread, which
 * parks while the backend is slow, so the event loop serves others meanwhile. Reads wait at
 * most the read timeout; a write that the backend does not take within the same time closes
 * the connection. What is read comes through a buffer of {@link #BUFFER} bytes, the only
 * memory a connection holds; everything else goes straight between the sockets.
 *
 * <p>Every I/O failure is a {@link BackendFailure}: 504 when it was a timeout, 502 otherwise.
 */
final class BackendConnection implements Closeable {

    static final int BUFFER = 16 * 1024;

    /** Closes connections whose writes stall; one thread for the whole server. */
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final String address;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private long timeoutMillis;
    private volatile boolean timedOut;
    /** When it was put back into its pool (System.nanoTime), for {@code ttl}. */
    private long idleSince;
    private boolean reused;

    private BackendConnection(SocketChannel channel, String address) throws IOException {
        this.channel = channel;
        this.in = channel.socket().getInputStream();
        this.out = channel.socket().getOutputStream();
        this.address = address;
    }

    /**
     * Connects to {@code address}.
     *
     * @throws BackendFailure 503 when the backend refuses, cannot be reached or does not
     *     accept within {@code connectTimeout}
     */
    static BackendConnection open(InetSocketAddress address, String name, Duration connectTimeout)
            throws BackendFailure {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.socket().setTcpNoDelay(true);
            channel.socket().connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, connectTimeout.toMillis())));
            return new BackendConnection(channel, name);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            String why = e instanceof SocketTimeoutException ? "no connection within " + connectTimeout.toMillis() + " ms"
                    : e.getMessage() != null ? e.getMessage() : e.toString();
            throw new BackendFailure(BackendFailure.UNAVAILABLE, "attempt to connect to " + name + " failed: " + why, e);
        }
    }

    /** How long a read may wait for the backend, and a write for it to take the bytes. */
    void timeout(Duration timeout) throws BackendFailure {
        timeoutMillis = Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            channel.socket().setSoTimeout((int) timeoutMillis);
        } catch (IOException e) {
            throw failure("setting the timeout", e);
        }
    }

    String address() {
        return address;
    }

    /** True if it came from the pool: it may have been closed by the backend meanwhile. */
    boolean reused() {
        return reused;
    }

    void reused(boolean reused) {
        this.reused = reused;
    }

    long idleSince() {
        return idleSince;
    }

    void idleSince(long nanoTime) {
        idleSince = nanoTime;
    }

    // ---- reading ----

    /** Bytes buffered or readable at once, without waiting. */
    int available() {
        if (position < limit) {
            return limit - position;
        }
        try {
            return in.available();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Fills the buffer when it is empty; false at the end of the stream. */
    private boolean fill() throws BackendFailure {
        if (position < limit) {
            return true;
        }
        try {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
            return true;
        } catch (IOException e) {
            throw failure("reading", e);
        }
    }

    /**
     * A line ending in CRLF, without it, as ISO-8859-1 text; null when the stream ends before
     * any byte of it.
     *
     * @throws BackendFailure 502 for a line longer than {@code max} bytes, a bare LF or CR, or
     *     a stream that ends inside the line
     */
    String readLine(int max, String what) throws BackendFailure {
        StringBuilder line = null;
        while (true) {
            if (!fill()) {
                if (line == null) {
                    return null;
                }
                throw BackendFailure.malformed("connection closed inside the " + what);
            }
            if (line == null) {
                line = new StringBuilder(64);
            }
            while (position < limit) {
                byte b = buffer[position++];
                if (b == '\n') {
                    int length = line.length();
                    if (length == 0 || line.charAt(length - 1) != '\r') {
                        throw BackendFailure.malformed("bare LF in the " + what);
                    }
                    line.setLength(length - 1);
                    if (line.indexOf("\r") >= 0) {
                        throw BackendFailure.malformed("bare CR in the " + what);
                    }
                    return line.toString();
                }
                if (line.length() >= max) {
                    throw BackendFailure.malformed(what + " longer than " + max + " bytes");
                }
                line.append((char) (b & 0xff));
            }
        }
    }

    /**
     * Reads up to {@code max} bytes into {@code into}: what is buffered, else one read of the
     * socket straight into it.
     *
     * @return the bytes read, or -1 at the end of the stream
     */
    int read(ByteBuf into, int max) throws BackendFailure {
        if (position < limit) {
            int n = Math.min(max, limit - position);
            into.writeBytes(buffer, position, n);
            position += n;
            return n;
        }
        try {
            return into.writeBytes(in, max);
        } catch (IOException e) {
            throw failure("reading", e);
        }
    }

    /** Exactly {@code n} bytes that must be CRLF (after a chunk's data). */
    void expectCrlf(String what) throws BackendFailure {
        for (char expected : new char[] {'\r', '\n'}) {
            if (!fill()) {
                throw BackendFailure.malformed("connection closed inside the " + what);
            }
            if (buffer[position++] != expected) {
                throw BackendFailure.malformed("no CRLF after the " + what);
            }
        }
    }

    // ---- writing ----

    void write(String ascii) throws BackendFailure {
        write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws BackendFailure {
        ScheduledFuture<?> deadline = watch();
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw failure("writing", e);
        } finally {
            deadline.cancel(false);
        }
    }

    /** Writes the readable bytes of {@code data}, leaving its reader index alone. */
    void write(ByteBuf data) throws BackendFailure {
        ScheduledFuture<?> deadline = watch();
        try {
            data.getBytes(data.readerIndex(), out, data.readableBytes());
        } catch (IOException e) {
            throw failure("writing", e);
        } finally {
            deadline.cancel(false);
        }
    }

    private ScheduledFuture<?> watch() {
        return WATCHDOG.schedule(() -> {
            timedOut = true;
            closeQuietly(channel);
        }, timeoutMillis > 0 ? timeoutMillis : 60_000, TimeUnit.MILLISECONDS);
    }

    private BackendFailure failure(String doing, IOException e) {
        if (e instanceof SocketTimeoutException || timedOut) {
            return new BackendFailure(BackendFailure.TIMEOUT, "timeout " + doing + " " + address + " (waited "
                    + timeoutMillis + " ms)", e);
        }
        String why = e.getMessage() != null ? e.getMessage() : e.toString();
        return new BackendFailure(BackendFailure.BAD_GATEWAY, "error " + doing + " " + address + ": " + why, e);
    }

    // ---- life ----

    /**
     * Whether a pooled connection can carry another request: open, and nothing unasked for
     * waiting in it (a backend that closed it has sent its FIN, and that reads as the end).
     */
    boolean usable() {
        if (position < limit || !channel.isOpen()) {
            return false;
        }
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to do with it
            }
        }
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "sluice-proxy-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return Executors.unconfigurableScheduledExecutorService(executor);
    }
}
