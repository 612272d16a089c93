package org.sluice.internal.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.sluice.config.ConfigException;
import org.sluice.hook.Hook;
import org.sluice.hook.Hooks;
import org.sluice.hook.Result;
import org.sluice.hook.ServerHook;
import org.sluice.internal.config.Host;
import org.sluice.internal.config.ListenerSpec;
import org.sluice.internal.connection.ChannelBridge;
import org.sluice.internal.connection.ChannelConnection;
import org.sluice.internal.connection.ProxyProtocolHandler;
import org.sluice.internal.dns.DnsHostResolver;
import org.sluice.server.Server;
import org.sluice.server.VirtualHost;
import org.sluice.internal.tls.TlsHosts;
import org.sluice.internal.tls.TlsSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: binds the listeners of its generation, accepts connections and gives
 * each a {@link ChannelConnection} on a virtual thread.
 */
public final class SluiceServer implements Server {

    private static final Logger log = LoggerFactory.getLogger(SluiceServer.class);

    private final Instant startTime = Instant.now();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<ChannelConnection> connections = ConcurrentHashMap.newKeySet();
    private final java.util.Map<ListenerSpec, Channel> bound = new java.util.LinkedHashMap<>();
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    /** Client host names: DNS starts at the first look-up, so a server that needs none never asks. */
    private final DnsHostResolver hostResolver = new DnsHostResolver(DnsHostResolver.Settings.fromSystemProperties());
    private volatile Generation generation;
    private volatile boolean stopping;
    private Transport transport;

    /** Validates {@code configuration} and makes it this server's (not yet bound). */
    public synchronized Generation configure(org.sluice.internal.config.ServerConfiguration configuration) throws ConfigException {
        Generation g = new Generation(configuration, this);
        this.generation = g;
        return g;
    }

    public Generation generation() {
        return generation;
    }

    /** Runs a lifecycle hook; an error result stops the start. */
    void runLifecycle(Hook<ServerHook> hook) throws Exception {
        Result r = generation.modules().hooks().run(hook, h -> h.run(this));
        if (r.isError()) {
            throw new IllegalStateException(hook.name() + " hook failed with " + r);
        }
    }

    /** Runs post-config and open-logs, binds every listener, runs server-start. */
    public List<String> start() throws Exception {
        runLifecycle(Hooks.POST_CONFIG);
        generation.openLogs();
        runLifecycle(Hooks.OPEN_LOGS);
        transport = Transport.create(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            bindListeners(generation);
        } catch (Exception e) {
            stopNow();
            throw e;
        }
        startTimeoutSweep();
        runLifecycle(Hooks.SERVER_START);
        log.debug("transport {}", transport.name());
        return describeListeners();
    }

    private List<String> describeListeners() {
        List<String> names = new ArrayList<>();
        for (ListenerSpec spec : bound.keySet()) {
            names.add(spec.display() + (spec.protocol() == null ? "" : " (" + spec.protocol() + ")"));
        }
        return names;
    }

    /** Binds the listeners {@code g} names that are not bound yet; closes those it no longer names. */
    private void bindListeners(Generation g) throws InterruptedException, ConfigException {
        g.requireListeners();
        java.util.Map<String, ListenerSpec> wanted = new java.util.LinkedHashMap<>();
        for (ListenerSpec spec : g.configuration().listeners()) {
            wanted.put(spec.display(), spec);
        }
        for (var it = bound.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!wanted.containsKey(entry.getKey().display())) {
                entry.getValue().close().awaitUninterruptibly();
                it.remove();
            }
        }
        java.util.Map<ListenerSpec, Channel> next = new java.util.LinkedHashMap<>();
        for (ListenerSpec spec : wanted.values()) {
            Channel existing = null;
            for (var entry : bound.entrySet()) {
                if (entry.getKey().display().equals(spec.display())) {
                    existing = entry.getValue();
                }
            }
            next.put(spec, existing != null ? existing : bind(spec, g.global().listenBacklog));
        }
        bound.clear();
        bound.putAll(next);
    }

    private Channel bind(ListenerSpec spec, int backlog) throws InterruptedException {
        var future = bootstrap(backlog).bind(address(spec)).await();
        if (!future.isSuccess()) {
            String reason = future.cause().getMessage() != null ? future.cause().getMessage() : future.cause().toString();
            throw new IllegalStateException("could not bind to address " + spec.display() + " (Listen at "
                    + spec.location() + "): " + (reason.contains("Address already in use") ? "Address already in use" : reason),
                    future.cause());
        }
        return future.channel();
    }

    /**
     * Replaces the running configuration (Apache's graceful restart): the new one is fully
     * validated first; new connections use it while open ones finish on the old one, whose
     * access logs close when its last connection ends. Listeners are added and removed as the
     * new configuration says.
     *
     * @return the listeners now bound
     */
    public synchronized List<String> gracefulRestart(org.sluice.internal.config.ServerConfiguration configuration)
            throws Exception {
        Generation next = new Generation(configuration, this);
        Generation previous = generation;
        generation = next;
        try {
            runLifecycle(Hooks.POST_CONFIG);
            next.openLogs();
            runLifecycle(Hooks.OPEN_LOGS);
            bindListeners(next);
        } catch (Exception e) {
            next.closeLogs();
            generation = previous;
            bindListeners(previous);
            throw e;
        }
        previous.retire();
        runLifecycle(Hooks.GRACEFUL_RESTART);
        return describeListeners();
    }

    /**
     * Reads park without a timer; four times a second this sweep wakes the ones that have
     * waited past their {@code Timeout}.
     */
    private void startTimeoutSweep() {
        Thread.ofPlatform().daemon().name("sluice-timeouts").start(() -> {
            while (!stopping) {
                long now = System.nanoTime();
                for (ChannelConnection c : connections) {
                    c.wakeIfExpired(now);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static InetSocketAddress address(ListenerSpec spec) {
        return spec.host() == null ? new InetSocketAddress(spec.port()) : new InetSocketAddress(spec.host(), spec.port());
    }

    private ServerBootstrap bootstrap(int backlog) {
        return new ServerBootstrap()
                .group(transport.group())
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                // accept a burst of connections per wake-up instead of one
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new ServerChannelRecvByteBufAllocator().respectMaybeMoreData(false).maxMessagesPerRead(16))
                .childOption(ChannelOption.TCP_NODELAY, true)
                // a client that shuts down its sending side still gets its replies
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                });
    }

    private void accept(Channel channel) {
        Generation g = generation;
        int max = g.global().maxConnections;
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.incrementAndGet();
            log.warn("MaxConnections ({}) reached: closing connection from {}", max, channel.remoteAddress());
            channel.close();
            return;
        }
        total.incrementAndGet();
        g.connectionStarted();
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        Host host = g.hostFor(local);
        ChannelConnection connection = new ChannelConnection(ids.incrementAndGet(), channel, g.modules(), g, host);
        connections.add(connection);
        children.add(channel);
        // in the order the client's bytes need them: the PROXY header comes before TLS
        if (g.global().proxyProtocol.requiredFor(local, connection.peerAddress().getAddress())) {
            channel.pipeline().addLast(new ProxyProtocolHandler(connection));
        }
        TlsHosts tls = g.tlsFor(local);
        if (tls != null) {
            TlsSetup.install(channel, connection, tls, connection.timeoutNanos());
        }
        channel.pipeline().addLast(new ChannelBridge(connection));
    }

    void connectionEnded(ChannelConnection connection) {
        if (connections.remove(connection)) {
            open.decrementAndGet();
        }
    }

    /**
     * Stops accepting, lets connections finish for up to {@code GracefulShutdownTimeout}, then
     * closes what is left and runs the server-stop hooks.
     */
    public void stopGracefully() {
        Duration grace = generation.global().gracefulShutdownTimeout;
        generation.retire();
        for (Channel listener : bound.values()) {
            listener.close().awaitUninterruptibly();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (open.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (open.get() > 0) {
            log.info("GracefulShutdownTimeout ({}s) passed: closing {} connection(s)", grace.toSeconds(), open.get());
        }
        stopNow();
    }

    /** Closes everything at once. */
    public void stopNow() {
        stopping = true;
        for (Channel listener : bound.values()) {
            listener.close().awaitUninterruptibly();
        }
        children.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (open.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            runLifecycle(Hooks.SERVER_STOP);
        } catch (Exception e) {
            log.warn("server_stop hook failed", e);
        }
        generation.closeLogs();
        hostResolver.close();
        if (transport != null) {
            transport.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    /** The resolver of client host names, shared by every connection and configuration. */
    @Override
    public DnsHostResolver hostResolver() {
        return hostResolver;
    }

    /** The addresses actually bound (ports resolved), in Listen order. */
    public List<InetSocketAddress> boundAddresses() {
        return bound.values().stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    // ---- Server ----

    @Override
    public Path serverRoot() {
        return generation.configuration().serverRoot();
    }

    @Override
    public VirtualHost mainServer() {
        return generation.configuration().mainServer();
    }

    @Override
    public List<VirtualHost> virtualHosts() {
        return List.copyOf(generation.configuration().virtualHosts());
    }

    @Override
    public List<VirtualHost> hostsFor(InetSocketAddress local) {
        @SuppressWarnings("unchecked")
        List<VirtualHost> hosts = (List<VirtualHost>) (List<?>) generation.hostsFor(local);
        return hosts;
    }

    @Override
    public <F> org.sluice.hook.Result runHook(org.sluice.hook.Hook<F> hook, org.sluice.hook.HookFunction<F> call)
            throws Exception {
        return generation.modules().hooks().run(hook, call);
    }

    @Override
    public <F> List<F> hookFunctions(org.sluice.hook.Hook<F> hook) {
        return generation.modules().hooks().functions(hook);
    }

    @Override
    public <T> List<T> extensions(Class<T> type) {
        return generation.modules().extensions(type);
    }

    @Override
    public List<String> modules() {
        return generation.modules().loadedNames();
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    @Override
    public int openConnections() {
        return open.get();
    }

    @Override
    public long totalConnections() {
        return total.get();
    }

    @Override
    public long refusedConnections() {
        return refused.get();
    }
}
