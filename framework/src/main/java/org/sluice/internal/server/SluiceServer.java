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
import org.sluice.server.Server;
import org.sluice.server.VirtualHost;
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
    private final List<Channel> listeners = new ArrayList<>();
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile Generation generation;
    private Transport transport;

    /** Validates {@code configuration} and makes it this server's (not yet bound). */
    public Generation configure(org.sluice.internal.config.ServerConfiguration configuration) throws ConfigException {
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
        List<String> bound = new ArrayList<>();
        try {
            for (ListenerSpec spec : generation.configuration().listeners()) {
                Channel channel = bootstrap().bind(address(spec)).sync().channel();
                listeners.add(channel);
                bound.add(spec.display() + (spec.protocol() == null ? "" : " (" + spec.protocol() + ")"));
            }
        } catch (Exception e) {
            stopNow();
            throw e;
        }
        runLifecycle(Hooks.SERVER_START);
        log.debug("transport {}", transport.name());
        return bound;
    }

    private static InetSocketAddress address(ListenerSpec spec) {
        return spec.host() == null ? new InetSocketAddress(spec.port()) : new InetSocketAddress(spec.host(), spec.port());
    }

    private ServerBootstrap bootstrap() {
        return new ServerBootstrap()
                .group(transport.group())
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                // accept a burst of connections per wake-up instead of one
                .option(ChannelOption.RCVBUF_ALLOCATOR,
                        new ServerChannelRecvByteBufAllocator().respectMaybeMoreData(false).maxMessagesPerRead(16))
                .childOption(ChannelOption.TCP_NODELAY, true)
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
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        Host host = g.hostFor(local);
        ChannelConnection connection = new ChannelConnection(ids.incrementAndGet(), channel, g.modules(), g, host);
        connections.add(connection);
        children.add(channel);
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
        for (Channel listener : listeners) {
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
        for (Channel listener : listeners) {
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
        if (transport != null) {
            transport.group().shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    /** The addresses actually bound (ports resolved), in Listen order. */
    public List<InetSocketAddress> boundAddresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
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
    public <F> org.sluice.hook.Result runHook(org.sluice.hook.Hook<F> hook, org.sluice.hook.HookFunction<F> call)
            throws Exception {
        return generation.modules().hooks().run(hook, call);
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
