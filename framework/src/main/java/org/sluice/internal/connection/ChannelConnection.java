package org.sluice.internal.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLProtocolException;
import org.sluice.internal.tls.StartTls;
import org.sluice.internal.tls.TlsHosts;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sluice.access.RemoteHost;
import org.sluice.connection.Connection;
import org.sluice.connection.Note;
import org.sluice.connection.Pool;
import org.sluice.filter.InputFilterChain;
import org.sluice.filter.OutputFilterChain;
import org.sluice.internal.config.Host;
import org.sluice.internal.core.CoreConfig;
import org.sluice.internal.module.Modules;
import org.sluice.log.LogItem;
import org.sluice.server.VirtualHost;
import org.sluice.tls.TlsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection over a Netty channel. The event loop feeds {@link Inbound} and drains
 * {@link Outbound}; everything else runs on the connection's own virtual thread.
 */
public final class ChannelConnection implements Connection, Pool, LogItem.LogEvent {

    /** How long a closing connection reads and drops what its peer still sends. */
    static final int LINGER_SECONDS = 2;

    private static final Logger log = LoggerFactory.getLogger(ChannelConnection.class);

    private final long id;
    private final Channel channel;
    private final ConnectionServices services;
    private final Inbound inbound;
    private final Outbound outbound;
    private final CoreInputFilter coreIn;
    private final CoreOutputFilter coreOut;
    private final FilterChains.Input input;
    private final FilterChains.Output output;
    private final Map<String, Object> notes = new ConcurrentHashMap<>();
    private final Deque<Runnable> cleanups = new ArrayDeque<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final InetSocketAddress local;
    private final InetSocketAddress peer;
    private final String peerIp;
    /** The peer, or the client a PROXY header named; set before the handler thread starts. */
    private volatile InetSocketAddress remote;
    private volatile String remoteIp;
    private volatile RemoteHost remoteHost;
    private volatile Host host;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile boolean aborted;
    private volatile boolean readTimedOut;
    private volatile boolean keepAlive;
    private volatile TlsSession tls;
    private long timeoutNanos;
    private long readDeadline = Long.MAX_VALUE;
    /** Event loop: the peer shut down its sending side. */
    private boolean inputEnded;
    /** Event loop: the channel's sending side is shut; input is read and dropped until it ends. */
    private boolean lingering;
    /** Event loop: the handler thread was started. */
    private boolean started;
    private Thread thread;
    private InputStream socketIn;
    private OutputStream socketOut;

    public ChannelConnection(long id, Channel channel, Modules modules, ConnectionServices services, Host host) {
        this.id = id;
        this.channel = channel;
        this.services = services;
        this.local = (InetSocketAddress) channel.localAddress();
        this.peer = (InetSocketAddress) channel.remoteAddress();
        // an IPv6 address in its short form (::1), as httpd logs it
        this.peerIp = io.netty.util.NetUtil.toAddressString(peer.getAddress());
        this.remote = peer;
        this.remoteIp = peerIp;
        // nothing is looked up before a module asks
        this.remoteHost = RemoteHost.lookup(peer.getAddress(), services.hostResolver());
        this.inbound = new Inbound(channel, services.scheduler() == HandlerThreads.Scheduler.EVENT_LOOP);
        this.outbound = new Outbound(channel);
        this.coreIn = new CoreInputFilter(this, inbound);
        this.coreOut = new CoreOutputFilter(this, outbound);
        this.input = new FilterChains.Input(this, modules, coreIn);
        this.output = new FilterChains.Output(this, modules, coreOut);
        virtualHost(host);
    }

    // ---- event loop side ----

    void received(io.netty.buffer.ByteBuf buffer) {
        inbound.offer(buffer);
    }

    void readComplete() {
        inbound.readComplete();
    }

    void inactive() {
        inbound.end();
        outbound.fail();
        if (!started) {
            endUnstarted();
        }
    }

    /** Event loop: whether the connection's handler thread was started. */
    public boolean started() {
        return started;
    }

    /** Event loop, before the start: what the TLS handshake agreed on. */
    public void tls(TlsSession session) {
        this.tls = session;
    }

    /** Event loop: the client shut down its sending side; reads see end of stream, writes go on. */
    void inputEnded() {
        inputEnded = true;
        inbound.end();
        if (lingering) {
            channel.close();
        }
    }

    void failed(Throwable cause) {
        aborted = true;
        log.debug("connection {} from {}: {}", id, remoteIp, cause.toString());
        inbound.end();
        outbound.fail();
        channel.close();
    }

    /** Timeout sweep: ends a read that has waited longer than {@code Timeout}. */
    public void wakeIfExpired(long now) {
        inbound.wakeIfExpired(now);
    }

    void writabilityChanged() {
        outbound.wakeWriter();
    }

    void countOut(long n) {
        bytesOut += n;
    }

    /** Starts the connection's handler thread. */
    void start() {
        started = true;
        thread = HandlerThreads.start(this::run, channel.eventLoop(), services.scheduler());
    }

    /**
     * Event loop: the channel closed before the protocol began (a handler in front of the
     * bridge, the PROXY protocol's or TLS's, refused it). No module saw the connection, so
     * none is told it ended and nothing is logged for it; it is only counted out.
     */
    private void endUnstarted() {
        if (ended.compareAndSet(false, true)) {
            inbound.close();
            runCleanups();
            services.dropped(this);
        }
    }

    // ---- PROXY protocol ----

    /**
     * Event loop, before the handler thread starts: the client is the one a PROXY protocol
     * header named; the peer stays the proxy.
     */
    void proxiedClient(InetSocketAddress client) {
        this.remote = client;
        this.remoteIp = io.netty.util.NetUtil.toAddressString(client.getAddress());
        this.remoteHost = RemoteHost.lookup(client.getAddress(), services.hostResolver());
    }

    // ---- handler thread ----

    private void run() {
        try {
            services.serve(this);
        } catch (IOException e) {
            aborted = true;
            log.debug("connection {} from {} ended: {}", id, remoteIp, e.toString());
        } catch (Exception | Error e) {
            aborted = true;
            log.error("connection {} from {}: handler failed", id, remoteIp, e);
        } finally {
            finish();
        }
    }

    /** Sends what is left, closes the channel, runs cleanups exactly once, logs. */
    private void finish() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            if (aborted) {
                outbound.discardBatch();
            } else {
                outbound.handOff();
            }
        } finally {
            coreIn.release();
            closeChannel();
            runCleanups();
            services.ended(this);
        }
    }

    /**
     * Closes the channel once what was handed off is written, and returns when the event loop
     * has done so: bytes are counted as the event loop writes them, so the close hooks and the
     * access log, which run next, see every byte sent.
     */
    private void closeChannel() {
        CountDownLatch closing = new CountDownLatch(1);
        try {
            channel.eventLoop().execute(() -> {
                try {
                    closeOnEventLoop();
                } finally {
                    closing.countDown();
                }
            });
        } catch (RejectedExecutionException e) {
            // the server has stopped and its event loops with it, so nothing else touches the
            // queue any more; the channel was closed when the server stopped
            inbound.close();
            return;
        }
        try {
            closing.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeOnEventLoop() {
        inbound.close();
        if (!channel.isActive() || aborted) {
            // a failed connection (reset, write error, a client that stopped reading past
            // Timeout) is closed at once, as httpd does: nothing pending can reach it
            channel.close();
            return;
        }
        Channel ch = channel;
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (f.isSuccess() && !inputEnded && ch instanceof DuplexChannel duplex && ch.isActive()) {
                linger(duplex);
            } else {
                ch.close();
            }
        });
        // a peer that never reads must not keep the socket forever; the timer must not keep
        // the connection either once it closed normally
        var forced = ch.eventLoop().schedule(() -> {
            ch.close();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        ch.closeFuture().addListener(f -> forced.cancel(false));
    }

    /**
     * Closes as Apache's lingering close does: the sending side first, then what the peer still
     * sends is read and dropped until it closes too, for {@link #LINGER_SECONDS} at most. A
     * peer still sending when its answer (an error, say) was the last thing written would
     * otherwise get a reset from the close, and a reset can destroy that answer before the
     * peer has read it.
     */
    private void linger(DuplexChannel ch) {
        lingering = true;
        SslHandler tlsHandler = ch.pipeline().get(SslHandler.class);
        if (tlsHandler != null) {
            // TLS ends with close_notify before the socket's sending side shuts
            tlsHandler.closeOutbound().addListener(f -> shutdownAndLinger(ch));
        } else {
            shutdownAndLinger(ch);
        }
    }

    private void shutdownAndLinger(DuplexChannel ch) {
        ch.shutdownOutput().addListener(f -> {
            if (!f.isSuccess() || inputEnded) {
                ch.close();
                return;
            }
            ch.config().setAutoRead(true);
            ch.read();
            var lingered = ch.eventLoop().schedule(() -> {
                ch.close();
            }, LINGER_SECONDS, TimeUnit.SECONDS);
            ch.closeFuture().addListener(closed -> lingered.cancel(false));
        });
    }

    private void runCleanups() {
        Runnable cleanup;
        while (true) {
            synchronized (cleanups) {
                cleanup = cleanups.pollLast();
            }
            if (cleanup == null) {
                return;
            }
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                log.warn("connection {}: cleanup failed", id, e);
            }
        }
    }

    /** Closes without sending what is pending (a refused connection). */
    public void abort() {
        aborted = true;
        outbound.discardBatch();
    }

    void flushHeldOutput() throws IOException {
        coreOut.sendGathered();
    }

    boolean inputWaiting() {
        return coreIn.hasData();
    }

    /**
     * A read waited too long. The connection counts as aborted from now on, but unlike a reset
     * or a failed write it can still carry an answer (HTTP's 408), so what the handler writes
     * after this is still sent.
     */
    void timedOut() {
        readTimedOut = true;
    }

    @Override
    public long readDeadline() {
        return readDeadline;
    }

    @Override
    public void readDeadline(long nanoTime) {
        this.readDeadline = nanoTime;
    }

    @Override
    public java.time.Duration timeout() {
        return java.time.Duration.ofNanos(timeoutNanos);
    }

    @Override
    public void timeout(java.time.Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeoutNanos = timeout.toNanos();
    }

    public long timeoutNanos() {
        return timeoutNanos;
    }

    long timeoutSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(timeoutNanos);
    }

    void countIn(long n) {
        bytesIn += n;
    }

    public Host host() {
        return host;
    }

    public InetSocketAddress local() {
        return local;
    }

    // ---- STARTTLS ----

    @Override
    public boolean startTlsAvailable() {
        return tls == null && services.startTls(host) != null;
    }

    @Override
    public void startTls() throws IOException {
        TlsHosts.Entry entry = tls == null ? services.startTls(host) : null;
        if (entry == null) {
            throw new IllegalStateException("connection " + id + " cannot start TLS: "
                    + (tls != null ? "it is in TLS already" : "its host has no certificate with SSLEngine off"));
        }
        // the protocol's go-ahead leaves in plain text, ahead of the TLS handler: the event loop
        // writes batches in the order they were handed off, and installs TLS after them
        coreOut.send();
        CompletableFuture<io.netty.util.concurrent.Future<Channel>> installed = new CompletableFuture<>();
        try {
            channel.eventLoop().execute(() -> {
                try {
                    ChannelHandlerContext bridge = channel.pipeline().context(ChannelBridge.class);
                    if (!channel.isActive() || bridge == null) {
                        installed.completeExceptionally(new ClosedChannelException());
                    } else {
                        installed.complete(StartTls.install(channel, bridge, entry.context(),
                                TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
                    }
                } catch (RuntimeException e) {
                    installed.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ClosedChannelException();
        }
        io.netty.util.concurrent.Future<Channel> handshake = awaitTls(installed);
        // what the event loop read before TLS was in place is plain text the client sent after
        // its STARTTLS: possibly injected on the path, never to be taken as sent over TLS
        if (coreIn.hasData()) {
            log.warn("connection {} from {}: plain text after STARTTLS, before the TLS handshake"
                    + " (a client pipelining past STARTTLS, or command injection); closing", id, remoteIp);
            abortNow();
            throw new SSLProtocolException("plain text after STARTTLS from " + remoteIp);
        }
        CompletableFuture<Void> handshaken = new CompletableFuture<>();
        handshake.addListener(f -> {
            if (f.isSuccess()) {
                handshaken.complete(null);
            } else {
                handshaken.completeExceptionally(f.cause());
            }
        });
        try {
            awaitTls(handshaken);
        } catch (IOException e) {
            log.info("connection {} from {}: TLS handshake after STARTTLS failed: {}", id, remoteIp, e.toString());
            abortNow();
            throw e;
        }
        tls = StartTls.session(channel, entry);
    }

    /** Waits for the event loop's part of STARTTLS, a little longer than the handshake's own limit. */
    private <T> T awaitTls(CompletableFuture<T> step) throws IOException {
        try {
            return step.get(timeoutNanos + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortNow();
            throw new java.io.InterruptedIOException("interrupted while starting TLS");
        } catch (java.util.concurrent.TimeoutException e) {
            abortNow();
            throw new java.net.SocketTimeoutException("no TLS handshake within the Timeout from " + remoteIp);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new SSLException("TLS handshake failed: " + cause, cause);
        }
    }

    private void abortNow() {
        aborted = true;
        channel.close();
    }

    // ---- Connection ----

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public String remoteIp() {
        return remoteIp;
    }

    @Override
    public RemoteHost remoteHost() {
        return remoteHost;
    }

    @Override
    public InetSocketAddress peerAddress() {
        return peer;
    }

    @Override
    public String peerIp() {
        return peerIp;
    }

    @Override
    public VirtualHost virtualHost() {
        return host;
    }

    @Override
    public TlsSession tls() {
        return tls;
    }

    @Override
    public void virtualHost(VirtualHost virtualHost) {
        this.host = (Host) virtualHost;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(host.config(CoreConfig.KEY).timeout().toMillis());
    }

    @Override
    public <T> T note(Note<T> key) {
        Object value = notes.get(key.name());
        return key.type().isInstance(value) ? key.type().cast(value) : null;
    }

    @Override
    public <T> void note(Note<T> key, T value) {
        if (value == null) {
            notes.remove(key.name());
        } else {
            notes.put(key.name(), value);
        }
    }

    @Override
    public String noteText(String name) {
        Object value = notes.get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public Pool pool() {
        return this;
    }

    @Override
    public void addCleanup(Runnable cleanup) {
        synchronized (cleanups) {
            if (!ended.get() || !cleanups.isEmpty()) {
                cleanups.addLast(cleanup);
                return;
            }
        }
        cleanup.run();
    }

    @Override
    public InputFilterChain input() {
        return input;
    }

    @Override
    public OutputFilterChain output() {
        return output;
    }

    @Override
    public InputStream socketInput() {
        if (socketIn == null) {
            socketIn = new SocketStreams.In(coreIn);
        }
        return socketIn;
    }

    @Override
    public OutputStream socketOutput() {
        if (socketOut == null) {
            socketOut = new SocketStreams.Out(coreOut);
        }
        return socketOut;
    }

    @Override
    public long bytesIn() {
        return bytesIn;
    }

    @Override
    public long bytesOut() {
        return bytesOut;
    }

    @Override
    public boolean aborted() {
        return aborted || readTimedOut;
    }

    @Override
    public boolean keepAlive() {
        return keepAlive;
    }

    @Override
    public void keepAlive(boolean keepAlive) {
        this.keepAlive = keepAlive;
    }

    @Override
    public boolean closing() {
        return services.retired();
    }

    @Override
    public void close() {
        inbound.end();
    }

    // ---- LogEvent ----

    @Override
    public Connection connection() {
        return this;
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    @Override
    public long startMillis() {
        return startMillis;
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + remoteIp + ":" + remote.getPort();
    }
}
