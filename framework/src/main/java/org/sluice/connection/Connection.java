package org.sluice.connection;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import org.sluice.filter.InputFilterChain;
import org.sluice.filter.OutputFilterChain;
import org.sluice.server.VirtualHost;

/**
 * One accepted client connection (Apache's {@code conn_rec}).
 *
 * <p>The process-connection handler runs on a virtual thread of its own and may block: reads
 * park until data arrives, writes park while the client is not reading. Data normally flows
 * through the filter chains ({@link #input()}, {@link #output()}); {@link #socketInput()} and
 * {@link #socketOutput()} bypass every filter, for handlers that want the raw socket.
 */
public interface Connection {

    /** A number unique among this server's connections. */
    long id();

    InetSocketAddress localAddress();

    /**
     * The client's address: the peer's, or, when the connection began with a PROXY protocol
     * header ({@code RemoteIPProxyProtocol}), the source address the header gave. Access
     * control, logs ({@code %a}, {@code %h}) and protocols use this one.
     */
    InetSocketAddress remoteAddress();

    /** The client's IP address as text, e.g. {@code 127.0.0.1}. */
    String remoteIp();

    /**
     * The address of the peer that connected: the same as {@link #remoteAddress()} unless a
     * proxy sent a PROXY protocol header, which makes this the proxy's (httpd's
     * {@code %{c}a}).
     */
    default InetSocketAddress peerAddress() {
        return remoteAddress();
    }

    /** {@link #peerAddress()}'s IP address as text. */
    default String peerIp() {
        return remoteIp();
    }

    /**
     * The client's host name, looked up when first needed and kept for the connection (httpd's
     * {@code remote_host}); asking for it may park the calling virtual thread while DNS answers.
     */
    org.sluice.access.RemoteHost remoteHost();

    /** The virtual host chosen for this connection (by address, then by TLS SNI if the client sent it). */
    VirtualHost virtualHost();

    /**
     * What the TLS handshake agreed on, or null on a connection in plain text. On a TLS address
     * the protocol handler runs only after the handshake, so this never changes under it.
     */
    default org.sluice.tls.TlsSession tls() {
        return null;
    }

    /**
     * Whether {@link #startTls()} may be called: the connection is in plain text, and its
     * virtual host has a certificate ({@code SSLCertificateFile}, {@code SSLCertificateKeyFile})
     * with {@code SSLEngine} off. A protocol offers its STARTTLS only when this is true.
     */
    default boolean startTlsAvailable() {
        return false;
    }

    /**
     * Turns a plain-text connection into TLS, for a protocol's STARTTLS (SMTP's, RFC 3207): the
     * protocol sends its go-ahead, then calls this. It sends everything written so far in plain
     * text, puts TLS with the virtual host's certificate in front of the connection, waits for
     * the client's handshake (for the connection's {@link #timeout()} at most), and returns once
     * {@link #tls()} tells what it agreed on; reads and writes then go through TLS.
     *
     * <pre>{@code
     * if (connection.startTlsAvailable()) {
     *     reply("220 2.0.0 Ready to start TLS");
     *     connection.startTls();
     *     // forget everything learned in plain text
     * }
     * }</pre>
     *
     * <p><b>Security:</b> a client must send nothing after its STARTTLS command until the
     * handshake. Bytes that came in plain text after the command and before the handshake could
     * have been injected by anyone on the path (CVE-2011-0411); they are never handed to the
     * protocol as if they had come over TLS: the connection fails instead. The protocol must
     * not read ahead past the STARTTLS command line itself.
     *
     * @throws IOException if the handshake failed or timed out, the client sent plain text after
     *     the command, or the connection ended; the connection is then aborted
     * @throws IllegalStateException if {@link #startTlsAvailable()} is false
     */
    default void startTls() throws java.io.IOException {
        throw new IllegalStateException("this connection cannot start TLS");
    }

    /** Replaces the virtual host, e.g. after a protocol learned the name the client wants. */
    void virtualHost(VirtualHost host);

    /** The value of a note, or null. */
    <T> T note(Note<T> key);

    /** Sets (or with null removes) a note. */
    <T> void note(Note<T> key, T value);

    /** The text of a note by name, for log formats; null when unset. */
    String noteText(String name);

    /** Resources released when the connection ends. */
    Pool pool();

    InputFilterChain input();

    OutputFilterChain output();

    /** Raw bytes from the client, bypassing every input filter. */
    InputStream socketInput();

    /** Raw bytes to the client, bypassing every output filter; {@code flush()} sends. */
    OutputStream socketOutput();

    /** Bytes received from the client so far. */
    long bytesIn();

    /** Bytes sent to the client so far. */
    long bytesOut();

    /** True once the connection failed (peer reset, write error, timeout). */
    boolean aborted();

    /** Whether the protocol intends to keep the connection for another request. */
    boolean keepAlive();

    void keepAlive(boolean keepAlive);

    /**
     * True when the server wants this connection to end after its current work: a graceful
     * stop or restart is under way. A protocol with requests (HTTP keep-alive) answers the one
     * in progress, says it closes, and ends.
     */
    boolean closing();

    /**
     * How long a blocking read or write may wait before it fails; starts as the host's
     * {@code Timeout}. Protocols shorten it between requests (HTTP's {@code KeepAliveTimeout}).
     */
    java.time.Duration timeout();

    void timeout(java.time.Duration timeout);

    /**
     * The moment (as {@link System#nanoTime()} counts) after which no blocking read may wait any
     * longer, whatever {@link #timeout()} leaves; {@link Long#MAX_VALUE}, the default, for none.
     * {@code timeout()} bounds each wait for more bytes, so a peer sending one byte now and
     * then never trips it; a deadline bounds a whole stage, such as HTTP's
     * {@code RequestReadTimeout} for a request head.
     */
    long readDeadline();

    void readDeadline(long nanoTime);

    /** Closes the connection after what was passed to the output has been sent. */
    void close();
}
