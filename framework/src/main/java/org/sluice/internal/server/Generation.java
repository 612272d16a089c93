package org.sluice.internal.server;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.sluice.config.ConfigException;
import org.sluice.connection.ConnectionHandler;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.OutputFilter;
import org.sluice.hook.HookCycleException;
import org.sluice.hook.Hooks;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.internal.config.Host;
import org.sluice.internal.config.ListenerSpec;
import org.sluice.internal.config.ServerConfiguration;
import org.sluice.internal.connection.ChannelConnection;
import org.sluice.internal.connection.ConnectionServices;
import org.sluice.internal.core.CoreConfig;
import org.sluice.internal.core.CustomLogSpec;
import org.sluice.internal.core.GlobalConfig;
import org.sluice.internal.core.Named;
import org.sluice.internal.log.AccessLogWriter;
import org.sluice.internal.log.LogFormat;
import org.sluice.internal.module.FilterRegistration;
import org.sluice.internal.module.Modules;
import org.sluice.log.AccessLog;
import org.sluice.internal.tls.TlsHosts;
import org.sluice.internal.tls.TlsSetup;
import org.sluice.tls.TlsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configuration, validated and resolved for serving: every host frozen, every hook sorted,
 * every name in the configuration turned into the object it names. Connections keep the
 * generation that accepted them.
 */
public final class Generation implements ConnectionServices {

    private static final Logger log = LoggerFactory.getLogger(Generation.class);

    private final ServerConfiguration configuration;
    private final Modules modules;
    private final SluiceServer server;
    private final Map<Host, HostRuntime> runtimes = new IdentityHashMap<>();
    /** hostsFor by local address: the listeners' addresses, asked for on every request. */
    private final Map<InetSocketAddress, List<Host>> hostsByAddress = new java.util.concurrent.ConcurrentHashMap<>();
    private AccessLogWriter accessLogWriter;
    private final TlsSetup tls;
    /** tlsFor by local address; an address without TLS maps to {@link #PLAIN}. */
    private final Map<InetSocketAddress, Object> tlsByAddress = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Object PLAIN = new Object();
    private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean retired;

    Generation(ServerConfiguration configuration, SluiceServer server) throws ConfigException {
        this.configuration = configuration;
        this.modules = configuration.modules();
        this.server = server;
        modules.hooks().add(Hooks.PROCESS_CONNECTION, "core", this::runProtocol, Order.REALLY_LAST);
        modules.hooks().add(Hooks.POST_CONFIG, "core", s -> inForce(), Order.MIDDLE);
        try {
            modules.hooks().sortAll();
        } catch (HookCycleException e) {
            throw new ConfigException(null, e.getMessage());
        }
        Host main = configuration.mainServer();
        main.freeze(null, server, configuration);
        for (Host host : configuration.virtualHosts()) {
            host.freeze(main, server, configuration);
        }
        checkListeners();
        for (Host host : hosts()) {
            runtimes.put(host, resolve(host));
        }
        tls = TlsSetup.of(hosts());
    }

    /** Says what the configuration's start says, as httpd's post-config: PROXY protocol settings, certificate warnings. */
    private Result inForce() {
        configuration.global().proxyProtocol.logSettings();
        tls.logWarnings();
        return Result.OK;
    }

    /** The TLS hosts of a local address, or null when connections to it are plain text. */
    public TlsHosts tlsFor(InetSocketAddress local) {
        if (!tls.any()) {
            return null;
        }
        Object hosts = tlsByAddress.get(local);
        if (hosts == null) {
            TlsHosts on = tls.hostsOn(hostsFor(local));
            hosts = on == null ? PLAIN : on;
            if (tlsByAddress.size() < 1024) {
                tlsByAddress.put(local, hosts);
            }
        }
        return hosts == PLAIN ? null : (TlsHosts) hosts;
    }

    @Override
    public TlsHosts.Entry startTls(Host host) {
        return tls.startTls(host);
    }

    public ServerConfiguration configuration() {
        return configuration;
    }

    public Modules modules() {
        return modules;
    }

    List<Host> hosts() {
        List<Host> all = new ArrayList<>();
        all.add(configuration.mainServer());
        all.addAll(configuration.virtualHosts());
        return all;
    }

    GlobalConfig global() {
        return configuration.global();
    }

    /** A configuration without Listen may be checked ({@code -t}, {@code -S}); it cannot serve. */
    void requireListeners() throws ConfigException {
        if (configuration.listeners().isEmpty()) {
            throw new ConfigException(null, "no listening sockets available, shutting down (add a Listen directive)");
        }
    }

    private void checkListeners() throws ConfigException {
        for (ListenerSpec listener : configuration.listeners()) {
            if (listener.protocol() != null && modules.protocol(listener.protocol()) == null) {
                throw new ConfigException(listener.location(), "Listen: no loaded module provides protocol '"
                        + listener.protocol() + "' (known protocols: " + String.join(", ", modules.protocolNames()) + ")");
            }
        }
    }

    private HostRuntime resolve(Host host) throws ConfigException {
        CoreConfig core = host.config(CoreConfig.KEY);
        ConnectionHandler protocol = null;
        String protocolName = null;
        Named named = core.protocolHandler();
        if (named != null) {
            protocol = modules.protocol(named.name());
            protocolName = named.name();
            if (protocol == null) {
                protocol = instance(named, ConnectionHandler.class, "ProtocolHandler");
            }
        }
        List<PreConnectionHandler> pre = new ArrayList<>();
        for (Named n : core.preConnectionHandlers()) {
            PreConnectionHandler h = modules.preConnectionHandler(n.name());
            pre.add(h != null ? h : instance(n, PreConnectionHandler.class, "PreConnectionHandler"));
        }
        List<HostRuntime.FilterSpec<InputFilter>> in = new ArrayList<>();
        for (Named n : core.inputFilters()) {
            FilterRegistration<InputFilter> r = modules.inputFilter(n.name());
            in.add(r != null ? new HostRuntime.FilterSpec<>(r.name(), r.type(), r.factory())
                    : classFilter(n, InputFilter.class, "ConnectionInputFilter"));
        }
        List<HostRuntime.FilterSpec<OutputFilter>> out = new ArrayList<>();
        for (Named n : core.outputFilters()) {
            FilterRegistration<OutputFilter> r = modules.outputFilter(n.name());
            out.add(r != null ? new HostRuntime.FilterSpec<>(r.name(), r.type(), r.factory())
                    : classFilter(n, OutputFilter.class, "ConnectionOutputFilter"));
        }
        List<HostRuntime.AccessLog> logs = new ArrayList<>();
        for (CustomLogSpec spec : core.customLogs()) {
            String format = spec.format() != null ? spec.format() : transferLogFormat(core);
            try {
                logs.add(new HostRuntime.AccessLog(spec.target(), LogFormat.compile(format, modules.logItems()),
                        spec.condition()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(spec.location(), e.getMessage());
            }
        }
        return new HostRuntime(protocol, protocolName, List.copyOf(pre), List.copyOf(in), List.copyOf(out), List.copyOf(logs));
    }

    /**
     * {@code TransferLog}'s format, as mod_log_config chooses it when the logs open: the
     * server's last {@code LogFormat} without a nickname (a nickname there names its format),
     * else Common Log Format.
     */
    private String transferLogFormat(CoreConfig core) {
        String format = core.defaultLogFormat();
        if (format == null) {
            return LogFormat.COMMON;
        }
        return global().logFormats.getOrDefault(format, format);
    }

    private <T> T instance(Named named, Class<T> type, String directive) throws ConfigException {
        Object o = modules.newInstance(named.name(), named.location(), directive);
        if (!type.isInstance(o)) {
            throw new ConfigException(named.location(), directive + " " + named.name() + ": not a registered name and not a "
                    + type.getSimpleName() + " class");
        }
        return type.cast(o);
    }

    /** A filter given by class name: one instance per connection, made with its no-argument constructor. */
    private <F> HostRuntime.FilterSpec<F> classFilter(Named named, Class<F> type, String directive) throws ConfigException {
        F first = instance(named, type, directive);
        try {
            Constructor<? extends F> constructor = first.getClass().asSubclass(type).getDeclaredConstructor();
            Supplier<F> factory = () -> {
                try {
                    return constructor.newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot create filter " + named.name(), e);
                }
            };
            return new HostRuntime.FilterSpec<>(named.name(), FilterType.CONNECTION, factory);
        } catch (NoSuchMethodException e) {
            throw new ConfigException(named.location(), directive + " " + named.name() + ": needs a public no-argument constructor");
        }
    }

    /** Opens the access logs so that a bad path fails at start-up. */
    void openLogs() throws IOException {
        accessLogWriter = new AccessLogWriter();
        for (HostRuntime runtime : runtimes.values()) {
            for (HostRuntime.AccessLog log : runtime.accessLogs()) {
                accessLogWriter.open(log.target());
            }
        }
        AccessLogWriter writer = accessLogWriter;
        for (Map.Entry<Host, HostRuntime> entry : runtimes.entrySet()) {
            List<HostRuntime.AccessLog> logs = entry.getValue().accessLogs();
            if (!logs.isEmpty()) {
                entry.getKey().accessLog(event -> {
                    for (HostRuntime.AccessLog log : logs) {
                        if (log.wants(event)) {
                            writer.write(log.target(), log.format().line(event));
                        }
                    }
                });
            }
        }
    }

    synchronized void closeLogs() {
        if (accessLogWriter != null) {
            accessLogWriter.close();
            accessLogWriter = null;
        }
    }

    /** Checks the files and directories the configuration names ({@code -t}). */
    void checkPaths() throws ConfigException {
        for (GlobalConfig.PathCheck check : global().pathChecks) {
            boolean ok = check.directory() ? Files.isDirectory(check.path()) : Files.isRegularFile(check.path());
            if (!ok) {
                throw new ConfigException(check.location(), check.directive() + ": "
                        + (check.directory() ? "directory " : "file ") + check.path() + " does not exist");
            }
        }
    }

    // ---- connections ----

    @Override
    public Host hostFor(InetSocketAddress local) {
        List<Host> hosts = hostsFor(local);
        return hosts.get(0);
    }

    /**
     * The hosts whose {@code <VirtualHost>} addresses match {@code local}, in configuration
     * order (the first is the default); the main server when none does.
     */
    List<Host> hostsFor(InetSocketAddress local) {
        List<Host> hosts = hostsByAddress.get(local);
        if (hosts == null) {
            hosts = List.copyOf(matchHosts(local));
            if (hostsByAddress.size() < 1024) {
                hostsByAddress.put(local, hosts);
            }
        }
        return hosts;
    }

    /**
     * As httpd chooses: only the hosts of the most exact kind of address that matches take
     * part, the IP and port first, then the IP with any port, then any IP with the port, then
     * any IP and port. So a host for 127.0.0.1:80 is never passed over, by name, for a {@code
     * *:80} one on a connection to 127.0.0.1:80.
     */
    private List<Host> matchHosts(InetSocketAddress local) {
        List<Host> matching = new ArrayList<>(2);
        int best = Integer.MAX_VALUE;
        for (Host host : configuration.virtualHosts()) {
            int rank = Integer.MAX_VALUE;
            for (InetSocketAddress a : host.addresses()) {
                rank = Math.min(rank, rank(a, local));
            }
            if (rank < best) {
                best = rank;
                matching.clear();
            }
            if (rank == best && rank != Integer.MAX_VALUE) {
                matching.add(host);
            }
        }
        if (matching.isEmpty()) {
            matching.add(configuration.mainServer());
        }
        return matching;
    }

    /** 0 to 3 for how exactly {@code address} names {@code local} (see {@link #matchHosts}); MAX_VALUE when it does not. */
    private static int rank(InetSocketAddress address, InetSocketAddress local) {
        boolean anyPort = address.getPort() == 0;
        if (!anyPort && address.getPort() != local.getPort()) {
            return Integer.MAX_VALUE;
        }
        boolean anyAddress = address.isUnresolved() ? "*".equals(address.getHostString())
                : address.getAddress().isAnyLocalAddress();
        if (!anyAddress && (address.isUnresolved() || !address.getAddress().equals(local.getAddress()))) {
            return Integer.MAX_VALUE;
        }
        return (anyAddress ? 2 : 0) + (anyPort ? 1 : 0);
    }

    @Override
    public void serve(ChannelConnection connection) throws Exception {
        HostRuntime runtime = runtimes.get(connection.host());
        for (HostRuntime.FilterSpec<InputFilter> f : runtime.inputFilters()) {
            connection.input().add(f.name(), f.type(), f.factory().get());
        }
        for (HostRuntime.FilterSpec<OutputFilter> f : runtime.outputFilters()) {
            connection.output().add(f.name(), f.type(), f.factory().get());
        }
        Result result = modules.hooks().run(Hooks.PRE_CONNECTION, h -> h.preConnection(connection));
        for (PreConnectionHandler h : runtime.preConnection()) {
            if (result.isError() || result.isDone()) {
                break;
            }
            result = h.preConnection(connection);
        }
        if (result.isError() || result.isDone()) {
            log.info("connection {} from {} refused by a pre-connection handler ({})", connection.id(),
                    connection.remoteIp(), result);
            connection.abort();
            return;
        }
        modules.hooks().run(Hooks.PROCESS_CONNECTION, h -> h.handle(connection));
    }

    /** The core's process-connection function: the host's ProtocolHandler, else the port's. */
    private Result runProtocol(org.sluice.connection.Connection c) throws Exception {
        ChannelConnection connection = (ChannelConnection) c;
        HostRuntime runtime = runtimes.get(connection.host());
        ConnectionHandler handler = runtime == null ? null : runtime.protocol();
        if (handler == null) {
            String name = protocolOfPort(connection.local());
            handler = name == null ? modules.protocol("http") : modules.protocol(name);
        }
        if (handler == null) {
            log.error("no protocol for connection {} on {}: set ProtocolHandler or name one on Listen",
                    connection.id(), connection.local());
            connection.abort();
            return Result.SERVER_ERROR;
        }
        if (connection.note(TlsSession.PLAINTEXT_ON_TLS_ADDRESS) != null && !handler.answersPlaintextOnTls()) {
            log.info("connection {} from {}: plain text on the TLS address {}; closing", connection.id(),
                    connection.remoteIp(), connection.local());
            connection.abort();
            return Result.DONE;
        }
        return handler.handle(connection);
    }

    private String protocolOfPort(InetSocketAddress local) {
        String any = null;
        for (ListenerSpec l : configuration.listeners()) {
            if (l.port() != local.getPort()) {
                continue;
            }
            if (l.host() == null) {
                any = l.protocol();
            } else {
                return l.protocol();
            }
        }
        return any;
    }

    @Override
    public void ended(ChannelConnection connection) {
        try {
            modules.hooks().run(Hooks.CONNECTION_CLOSE, h -> {
                h.closed(connection);
                return Result.OK;
            });
        } catch (Exception e) {
            log.warn("connection_close hook failed for connection {}", connection.id(), e);
        }
        HostRuntime runtime = runtimes.get(connection.host());
        if (runtime != null && accessLogWriter != null && connection.note(AccessLog.PER_REQUEST_LOGGING) == null) {
            for (HostRuntime.AccessLog accessLog : runtime.accessLogs()) {
                if (accessLog.wants(connection)) {
                    accessLogWriter.write(accessLog.target(), accessLog.format().line(connection));
                }
            }
        }
        dropped(connection);
    }

    @Override
    public void dropped(ChannelConnection connection) {
        server.connectionEnded(connection);
        if (active.decrementAndGet() == 0 && retired) {
            closeLogs();
        }
    }

    void connectionStarted() {
        active.incrementAndGet();
    }

    /** A newer generation took over: finish the open connections, then close the logs. */
    void retire() {
        retired = true;
        if (active.get() == 0) {
            closeLogs();
        }
    }

    @Override
    public org.sluice.internal.connection.HandlerThreads.Scheduler scheduler() {
        return global().handlerScheduler;
    }

    @Override
    public boolean retired() {
        return retired;
    }

    @Override
    public org.sluice.access.HostResolver hostResolver() {
        return server.hostResolver();
    }
}
