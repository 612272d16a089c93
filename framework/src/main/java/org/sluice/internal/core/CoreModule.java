package org.sluice.internal.core;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sluice.access.AccessDirectives;
import org.sluice.access.AuthenticationProvider;
import org.sluice.access.FileAuthenticationProvider;
import org.sluice.access.IpSubnet;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.MethodSet;
import org.sluice.config.OverrideClass;
import org.sluice.config.Scope;
import org.sluice.internal.config.CoreCall;
import org.sluice.internal.config.Host;
import org.sluice.internal.config.ListenerSpec;
import org.sluice.internal.config.ServerConfiguration;
import org.sluice.internal.connection.HandlerThreads;
import org.sluice.internal.log.ErrorLogFormat;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * The framework's own directives (Apache's {@code core} and {@code mpm} directives, plus
 * Sluice's handler and filter bindings).
 */
public final class CoreModule implements Module {

    /** Where {@code <Limit>} and {@code <LimitExcept>} may stand, as httpd's OR_LIMIT|OR_AUTHCFG. */
    private static final Set<Scope> LIMIT_WHERE = EnumSet.of(Scope.SECTION, Scope.HTACCESS);
    private static final Set<OverrideClass> LIMIT_OVERRIDES = EnumSet.of(OverrideClass.LIMIT, OverrideClass.AUTH_CONFIG);

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CoreModule.class);

    @Override
    public String name() {
        return "core";
    }

    /**
     * Access control and authentication (mod_authz_*, mod_authn_*, mod_auth_basic,
     * mod_access_compat), logging, mod_remoteip's PROXY protocol (the http module has its
     * request header), and the event MPM: event loops with a virtual thread per connection are
     * Sluice's counterpart of it.
     */
    @Override
    public Set<String> provides() {
        return Set.of("authz_core", "authz_host", "authz_user", "authz_groupfile", "authn_core",
                "authn_file", "auth_basic", "access_compat", "log_config", "logio", "remoteip", "mpm_event");
    }

    /**
     * The event MPM's directives that size httpd's processes and thread pools. Sluice has one
     * process and a virtual thread per connection, made when the connection comes: nothing to
     * size, so they are checked for a number and have no effect. (MaxRequestWorkers, which
     * bounds the requests served at once, is the http module's.)
     */
    private static final List<String> MPM_SIZES = List.of("StartServers", "ServerLimit", "MinSpareThreads",
            "MaxSpareThreads", "ThreadLimit", "ThreadsPerChild", "MaxConnectionsPerChild", "MaxRequestsPerChild",
            "AsyncRequestWorkerFactor", "ThreadStackSize", "MaxMemFree");

    @Override
    public void register(Registry registry) {
        registry.directive(Directive.of("Listen", ArgShape.TAKE12, Directive.SERVER_ONLY,
                "A port number or a numeric IP address and a port number, and an optional protocol",
                CoreModule::listen));
        registry.directive(Directive.of("ServerName", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "The hostname and port of the server", CoreModule::serverName));
        registry.directive(Directive.of("ServerAlias", ArgShape.ITERATE, java.util.EnumSet.of(Scope.VIRTUAL_HOST),
                "A name or names alternately used to access the server", call -> host(call).addAlias(call.arg(0))));
        registry.directive(Directive.section("VirtualHost", Directive.SERVER_ONLY,
                "Container for directives affecting resources located in the specified virtual hosts",
                CoreModule::virtualHost));
        registry.directive(Directive.section("Location", Directive.SERVER_OR_VHOST,
                "Container for directives affecting resources accessed through the specified URL paths or names",
                call -> call.processSection("Location", sectionArgument(call, "Location"), false)));
        registry.directive(Directive.section("LocationMatch", Directive.SERVER_OR_VHOST,
                "Container for directives affecting resources accessed through URL paths or names matching a regular expression",
                call -> call.processSection("Location", sectionArgument(call, "LocationMatch"), true)));
        registry.directive(Directive.of("Timeout", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "Timeout duration (sec)", call -> call.serverConfig(CoreConfig.KEY).timeout = seconds(call)));
        registry.directive(Directive.of("GracefulShutdownTimeout", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "Maximum time in seconds to wait for connections to finish on a graceful stop",
                call -> global(call).gracefulShutdownTimeout = seconds(call)));
        registry.directive(Directive.of("MaxConnections", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "Maximum number of simultaneous connections; excess connections are closed at once",
                call -> global(call).maxConnections = positive(call)));
        for (String name : MPM_SIZES) {
            registry.directive(Directive.of(name, ArgShape.TAKE1, Directive.SERVER_ONLY,
                    "The event MPM's " + name + ": no processes or thread pools to size in Sluice (no effect)",
                    call -> {
                        if (!call.arg(0).matches("[0-9]{1,10}(\\.[0-9]+)?")) {
                            throw call.error(call.name() + " must be a number, not '" + call.arg(0) + "'");
                        }
                    }));
        }
        registry.directive(Directive.of("ListenBacklog", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "Maximum length of the queue of pending connections, as used by listen(2)",
                call -> global(call).listenBacklog = positive(call)));
        registry.directive(Directive.of("HandlerScheduler", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "where protocol handlers run: auto (the default), event-loop, or jdk (the JDK's virtual-thread scheduler)",
                CoreModule::handlerScheduler));
        registry.directive(Directive.of("PidFile", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "A file for logging the server process ID", call -> global(call).pidFile = call.resolve(call.arg(0))));
        registry.directive(Directive.of("ErrorLog", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "The filename of the error log", CoreModule::errorLog));
        registry.directive(Directive.of("LogLevel", ArgShape.ITERATE, Directive.SERVER_OR_VHOST,
                "Level of verbosity in error logging: a level, or module:level", CoreModule::logLevel));
        registry.directive(Directive.of("ProtocolHandler", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "The protocol of this host: a protocol name or a ConnectionHandler class name",
                call -> call.serverConfig(CoreConfig.KEY).protocolHandler = named(call)));
        registry.directive(Directive.of("PreConnectionHandler", ArgShape.ITERATE, Directive.SERVER_OR_VHOST,
                "Pre-connection handlers: registered names or PreConnectionHandler class names",
                call -> call.serverConfig(CoreConfig.KEY).preConnectionHandlers.add(named(call))));
        registry.directive(Directive.of("ConnectionInputFilter", ArgShape.ITERATE, Directive.SERVER_OR_VHOST,
                "Connection input filters: registered names or InputFilter class names",
                call -> call.serverConfig(CoreConfig.KEY).inputFilters.add(named(call))));
        registry.directive(Directive.of("ConnectionOutputFilter", ArgShape.ITERATE, Directive.SERVER_OR_VHOST,
                "Connection output filters: registered names or OutputFilter class names",
                call -> call.serverConfig(CoreConfig.KEY).outputFilters.add(named(call))));
        registry.directive(Directive.of("LogFormat", ArgShape.TAKE12, Directive.SERVER_OR_VHOST,
                "a log format string (see docs) and an optional format name", CoreModule::logFormat));
        registry.directive(Directive.of("CustomLog", ArgShape.TAKE23, Directive.SERVER_OR_VHOST,
                "a file name, a custom log format string or format name, and an optional \"env=\" clause (see docs)",
                CoreModule::customLog));
        registry.directive(Directive.of("TransferLog", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "the filename of the access log", CoreModule::transferLog));
        // lines are always written off the request path, within a few milliseconds (AccessLogWriter)
        registry.directive(Directive.of("BufferedLogs", ArgShape.FLAG, Directive.SERVER_OR_VHOST,
                "Enable Buffered Logging (no effect: access logs are always buffered briefly)", call -> { }));
        registry.directive(Directive.of("ErrorLogFormat", ArgShape.TAKE12, Directive.SERVER_OR_VHOST,
                "Format string for the ErrorLog", CoreModule::errorLogFormat));
        registry.directive(Directive.of("DefaultRuntimeDir", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "Common directory for run-time files (shared memory, locks, etc.)", CoreModule::runtimeDir));
        registry.directive(Directive.of("Mutex", ArgShape.RAW_ARGS, Directive.SERVER_ONLY,
                "mutex (or \"default\") and mechanism", CoreModule::mutex));
        registry.directive(Directive.of("User", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "Effective user id for this server", call -> identity(call, ProcessUser.current().userRefusal(call.arg(0)))));
        registry.directive(Directive.of("Group", ArgShape.TAKE1, Directive.SERVER_ONLY,
                "Effective group id for this server", call -> identity(call, ProcessUser.current().groupRefusal(call.arg(0)))));
        registry.directive(Directive.sectionWithOverrides("Limit", LIMIT_WHERE, LIMIT_OVERRIDES,
                "Container for authentication directives when accessed using specified HTTP methods",
                call -> limit(call, false)));
        registry.directive(Directive.sectionWithOverrides("LimitExcept", LIMIT_WHERE, LIMIT_OVERRIDES,
                "Container for authentication directives to be applied when any HTTP method other than those"
                        + " specified is used to access the resource",
                call -> limit(call, true)));
        registry.directive(Directive.of("RemoteIPProxyProtocol", ArgShape.FLAG, Directive.SERVER_OR_VHOST,
                "Enable PROXY protocol handling ('on', 'off')",
                call -> global(call).proxyProtocol.set(host(call), call.flag())));
        registry.directive(Directive.of("RemoteIPProxyProtocolExceptions", ArgShape.RAW_ARGS, Directive.SERVER_OR_VHOST,
                "Disable PROXY protocol handling for this list of networks in CIDR format",
                CoreModule::proxyProtocolExceptions));
        AccessDirectives.directives().forEach(registry::directive);
        registry.extension(AuthenticationProvider.class, new FileAuthenticationProvider());
    }

    private static Host host(DirectiveCall call) {
        return ((CoreCall) call).host();
    }

    private static GlobalConfig global(DirectiveCall call) {
        return ((CoreCall) call).configuration().global();
    }

    private static Named named(DirectiveCall call) {
        return new Named(call.arg(call.args().size() - 1), call.location());
    }

    /** The port of {@code ServerName name:port}, or 0 when it names none. */
    /** {@code ServerName [scheme://]name[:port]}. */
    private static void serverName(DirectiveCall call) throws ConfigException {
        String name = call.arg(0);
        int scheme = name.indexOf("://");
        if (scheme >= 0) {
            host(call).serverScheme(name.substring(0, scheme).toLowerCase(java.util.Locale.ROOT));
            name = name.substring(scheme + 3);
        }
        host(call).serverName(stripPort(name));
        host(call).serverPort(portOf(call, name));
    }

    private static int portOf(DirectiveCall call, String name) throws ConfigException {
        String bare = stripPort(name);
        if (bare.length() == name.length()) {
            return 0;
        }
        try {
            int port = Integer.parseInt(name.substring(bare.length() + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw call.error("The port number \"" + name.substring(bare.length() + 1) + "\" is outside the appropriate range "
                    + "(i.e., 1..65535).");
        }
    }

    private static String stripPort(String name) {
        int colon = name.lastIndexOf(':');
        return colon > 0 && name.indexOf(']') < colon && name.indexOf(':') == colon ? name.substring(0, colon) : name;
    }

    private static Duration seconds(DirectiveCall call) throws ConfigException {
        return Duration.ofSeconds(positive(call));
    }

    private static int positive(DirectiveCall call) throws ConfigException {
        try {
            int value = Integer.parseInt(call.arg(0));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw call.error(call.name() + " must be a positive number, not '" + call.arg(0) + "'");
    }

    private static void handlerScheduler(DirectiveCall call) throws ConfigException {
        switch (call.arg(0).toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> global(call).handlerScheduler = HandlerThreads.automatic();
            case "jdk" -> global(call).handlerScheduler = HandlerThreads.Scheduler.JDK;
            case "event-loop" -> {
                String problem = HandlerThreads.eventLoopCarrierProblem();
                if (problem != null) {
                    throw call.error("HandlerScheduler event-loop: " + problem);
                }
                global(call).handlerScheduler = HandlerThreads.Scheduler.EVENT_LOOP;
            }
            default -> throw call.error("HandlerScheduler must be auto, event-loop or jdk, not '" + call.arg(0) + "'");
        }
    }

    private static void listen(DirectiveCall call) throws ConfigException {
        String spec = call.arg(0);
        String host = null;
        String port = spec;
        if (spec.startsWith("[")) {
            int close = spec.indexOf("]:");
            if (close < 0) {
                throw call.error("Port must be specified");
            }
            host = spec.substring(1, close);
            port = spec.substring(close + 2);
        } else if (spec.indexOf(':') >= 0) {
            if (spec.indexOf(':') != spec.lastIndexOf(':')) {
                throw call.error("Port must be specified");
            }
            host = spec.substring(0, spec.indexOf(':'));
            port = spec.substring(spec.indexOf(':') + 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw call.error("Port must be specified");
        }
        if (number < 1 || number > 65535) {
            throw call.error("Invalid address or port");
        }
        if ("*".equals(host)) {
            host = null;
        }
        if (host != null) {
            try {
                // as httpd's alloc_listener: an address that names nothing fails here, at its line
                java.net.InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                throw call.error("Listen setup failed: cannot resolve " + host);
            }
        }
        String protocol = call.args().size() > 1 ? call.arg(1) : null;
        ServerConfiguration configuration = ((CoreCall) call).configuration();
        for (ListenerSpec existing : configuration.listeners()) {
            if (existing.port() == number && java.util.Objects.equals(existing.host(), host)) {
                throw call.error("Cannot define multiple Listeners on the same IP:port");
            }
        }
        configuration.listeners().add(new ListenerSpec(host, number, protocol, call.location()));
    }

    private static void virtualHost(DirectiveCall call) throws ConfigException {
        String raw = call.rawArgs().trim();
        if (raw.isEmpty()) {
            throw call.error("<VirtualHost> must have an argument");
        }
        List<InetSocketAddress> addresses = new ArrayList<>();
        // the words as read, so a quoted address ("*:80") is an address, as in httpd
        for (String word : call.args()) {
            InetSocketAddress address = vhostAddress(call, word);
            if (address != null) {
                addresses.add(address);
            }
        }
        Host host = new Host(false, addresses, call.location());
        ((CoreCall) call).configuration().virtualHosts().add(host);
        ((CoreCall) call).processAsVirtualHost(host);
    }

    /**
     * {@code addr[:port]}: {@code *} and {@code _default_} match any address, a port {@code *}
     * or none any port. Null for a host name that does not resolve: as httpd, the address is
     * left out with a warning, and the rest of the configuration still serves.
     */
    private static InetSocketAddress vhostAddress(DirectiveCall call, String word) throws ConfigException {
        String host = word;
        String port = "*";
        if (word.startsWith("[")) {
            int close = word.indexOf(']');
            if (close < 0) {
                throw call.error("Invalid address " + word);
            }
            host = word.substring(1, close);
            if (word.length() > close + 1 && word.charAt(close + 1) == ':') {
                port = word.substring(close + 2);
            }
        } else if (word.indexOf(':') >= 0) {
            host = word.substring(0, word.lastIndexOf(':'));
            port = word.substring(word.lastIndexOf(':') + 1);
        }
        int number = 0;
        if (!port.equals("*")) {
            try {
                number = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw call.error("The address or port is invalid: " + word);
            }
        }
        if (host.equals("*") || host.equalsIgnoreCase("_default_")) {
            return InetSocketAddress.createUnresolved("*", number);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), number);
        } catch (UnknownHostException e) {
            LOG.warn("{}: Cannot resolve host name {} --- ignoring!", call.location(), host);
            return null;
        }
    }

    /**
     * {@code <Limit methods>} and {@code <LimitExcept methods>}: the lines inside apply to those
     * methods only, where a directive takes note (access control does). Methods are named as
     * the request line names them; a method HTTP and WebDAV do not define is known from then on,
     * but an access file can name it only if the server's configuration did.
     */
    private static void limit(DirectiveCall call, boolean except) throws ConfigException {
        String display = "<" + call.name() + ">";
        if (call.args().isEmpty()) {
            throw call.error(display + " directive requires additional arguments");
        }
        for (String method : call.args()) {
            if (method.equals("TRACE") && !except) {
                throw call.error("TRACE cannot be controlled by <Limit>, see TraceEnable");
            }
            if (!MethodSet.STANDARD.contains(method)) {
                if (call.scope() != Scope.HTACCESS) {
                    global(call).extensionMethods.add(method);
                } else if (!global(call).extensionMethods.contains(method)) {
                    throw call.error("Could not register method '" + method + "' for <" + call.name()
                            + " from .htaccess configuration");
                }
            }
        }
        MethodSet limit = except ? MethodSet.allBut(call.args()) : MethodSet.of(call.args());
        MethodSet narrowed = call.methods().and(limit);
        if (narrowed.isEmpty()) {
            throw call.error(display + " directive excludes all methods");
        }
        if (narrowed.equals(call.methods())) {
            throw call.error(display + " directive specifies methods already excluded");
        }
        call.processContents(limit);
    }

    private static String sectionArgument(DirectiveCall call, String kind) throws ConfigException {
        List<String> words = call.args();
        if (words.size() != 1) {
            throw call.error("<" + kind + "> takes one argument, " + "the URL path or name it applies to");
        }
        return words.get(0);
    }

    private static void errorLog(DirectiveCall call) throws ConfigException {
        if (call.scope() == Scope.SERVER) {
            global(call).errorLog = call.resolve(call.arg(0));
        }
    }

    private static void logLevel(DirectiveCall call) throws ConfigException {
        String word = call.arg(0);
        String level = word.contains(":") ? word.substring(word.lastIndexOf(':') + 1) : word;
        if (!LogLevels.isValid(level)) {
            throw call.error("LogLevel requires level keyword: one of emerg/alert/crit/error/warn/notice/info/debug/trace1/.../trace8");
        }
        if (call.scope() == Scope.SERVER) {
            global(call).logLevels.add(word);
        }
    }

    private static void logFormat(DirectiveCall call) throws ConfigException {
        String format = call.arg(0);
        LogFormats.check(format, call);
        if (call.args().size() == 2) {
            global(call).logFormats.put(call.arg(1), format);
        } else {
            // the server's default format (TransferLog's), or a nickname for it, looked up when the logs open
            call.serverConfig(CoreConfig.KEY).defaultLogFormat = format;
        }
    }

    private static void transferLog(DirectiveCall call) throws ConfigException {
        String target = call.arg(0);
        call.serverConfig(CoreConfig.KEY).customLogs.add(new CustomLogSpec(logTarget(call, target), null, null,
                call.location()));
    }

    /** A log's target: {@code |command}, or a file resolved against the server root, whose directory must exist. */
    private static String logTarget(DirectiveCall call, String target) {
        if (target.startsWith("|")) {
            return target;
        }
        Path parent = call.resolve(target).getParent();
        if (parent != null) {
            call.checkPath(parent, true);
        }
        return call.resolve(target).toString();
    }

    /**
     * {@code ErrorLogFormat format}: the main server's applies to the error log (a virtual
     * host's, like its {@code ErrorLog}, is checked and left out: Sluice has one error log). The
     * once-per-connection and once-per-request formats are refused: Sluice's messages carry no
     * connection or request to say them once for.
     */
    private static void errorLogFormat(DirectiveCall call) throws ConfigException {
        if (call.args().size() == 2) {
            String type = call.arg(0);
            if (!type.equalsIgnoreCase("connection") && !type.equalsIgnoreCase("request")) {
                throw call.error("ErrorLogFormat type must be one of request, connection");
            }
            throw call.error("ErrorLogFormat " + type + " is not supported: Sluice's error log messages are not tied"
                    + " to a connection or request, so no line can be written once per " + type.toLowerCase(Locale.ROOT)
                    + "; use the main format, ErrorLogFormat \"...\"");
        }
        ErrorLogFormat format;
        try {
            format = ErrorLogFormat.parse(call.arg(0));
        } catch (IllegalArgumentException e) {
            throw call.error(e.getMessage());
        }
        if (call.scope() == Scope.SERVER) {
            global(call).errorLogFormat = format;
        }
    }

    private static void runtimeDir(DirectiveCall call) throws ConfigException {
        Path dir = call.resolve(call.arg(0));
        if (!Files.isDirectory(dir)) {
            throw call.error("DefaultRuntimeDir must be a valid directory, absolute or relative to ServerRoot");
        }
        global(call).runtimeDir = dir;
    }

    private static final Set<String> MUTEX_METHODS = Set.of("default", "yes", "fcntl", "file", "flock", "posixsem",
            "sem", "sysvsem", "pthread");

    /** httpd's mutex mechanisms on Linux, as its messages list them. */
    private static final String MUTEX_MECHANISMS = "Mutex mechanisms are: 'none', 'default', 'flock:/path/to/file',"
            + " 'fcntl:/path/to/file', 'file:/path/to/file', 'pthread', 'sysvsem', 'posixsem', 'sem'";

    /**
     * {@code Mutex mechanism[:dir] [type ...] [OmitPID]}: checked as httpd checks it, then left
     * alone, as Sluice is one process and locks nothing between processes. The types are those
     * of the httpd modules Sluice stands in for: {@code default}, and {@code rewrite-map} where
     * mod_rewrite's directives are loaded.
     */
    private static void mutex(DirectiveCall call) throws ConfigException {
        List<String> words = call.args();
        if (words.isEmpty()) {
            throw call.error("Mutex requires at least a mechanism argument (" + MUTEX_MECHANISMS + ")");
        }
        String mechanism = words.get(0);
        int colon = mechanism.indexOf(':');
        String method = colon < 0 ? mechanism : mechanism.substring(0, colon);
        String dir = colon < 0 || colon == mechanism.length() - 1 ? null : mechanism.substring(colon + 1);
        boolean none = method.equalsIgnoreCase("none") || method.equalsIgnoreCase("no");
        if (!none && !MUTEX_METHODS.contains(method.toLowerCase(Locale.ROOT))) {
            throw call.error("Invalid Mutex argument " + mechanism + " (" + MUTEX_MECHANISMS + ")");
        }
        boolean named = method.equalsIgnoreCase("posixsem") || method.equalsIgnoreCase("sem");
        if (!none && !named && dir != null) {
            Path runtime = global(call).runtimeDir;
            Path path = runtime != null ? runtime.resolve(dir) : call.resolve(dir);
            if (!Files.isDirectory(path)) {
                throw call.error("Invalid Mutex directory in argument " + mechanism);
            }
        }
        List<String> types = new ArrayList<>();
        for (String word : words.subList(1, words.size())) {
            if (!word.equalsIgnoreCase("omitpid")) {
                types.add(word);
            }
        }
        if (types.isEmpty()) {
            types.add("default");
        }
        for (String type : types) {
            boolean known = type.equals("default")
                    || type.equals("rewrite-map") && ((CoreCall) call).configuration().modules().isLoaded("rewrite");
            if (!known) {
                throw call.error("Mutex type " + type + " is not valid");
            }
            if (none) {
                throw call.error("None is not allowed for mutex type " + type);
            }
        }
    }

    /** {@code User} and {@code Group}: the process must already be what they name (see {@link ProcessUser}). */
    private static void identity(DirectiveCall call, String refusal) throws ConfigException {
        if (refusal != null) {
            throw call.error(refusal);
        }
    }

    /**
     * {@code RemoteIPProxyProtocolExceptions address|network ...}: clients (not host names) that
     * may connect without a PROXY header, refused in APR's words as httpd refuses them.
     */
    private static void proxyProtocolExceptions(DirectiveCall call) throws ConfigException {
        if (call.args().isEmpty()) {
            throw call.error(call.name() + " requires an argument");
        }
        for (String word : call.args()) {
            int slash = word.indexOf('/');
            String address = slash < 0 ? word : word.substring(0, slash);
            if (!IpSubnet.looksLikeIp(address)) {
                throw call.error("ip address '" + address + "' appears to be invalid");
            }
            // with a mask the address must be whole; without, a partial IPv4 address names its network
            boolean whole = NetUtil.isValidIpV4Address(address) || NetUtil.isValidIpV6Address(address);
            if (slash >= 0 ? !whole : !validSubnet(address)) {
                throw call.error("ip address '" + address + "' appears to be invalid: The specified IP address is invalid.");
            }
            if (!validSubnet(word)) {
                throw call.error("ip address '" + address + "' appears to be invalid: The specified network mask is invalid.");
            }
            global(call).proxyProtocol.except(IpSubnet.parse(word));
        }
    }

    private static boolean validSubnet(String text) {
        try {
            IpSubnet.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void customLog(DirectiveCall call) throws ConfigException {
        String formatOrNickname = call.arg(1);
        String format = global(call).logFormats.get(formatOrNickname);
        if (format == null) {
            if (formatOrNickname.indexOf('%') < 0 && !formatOrNickname.contains(" ")) {
                throw call.error("CustomLog: unknown log format nickname '" + formatOrNickname
                        + "' (define it first with LogFormat \"...\" " + formatOrNickname + ")");
            }
            format = formatOrNickname;
        }
        LogFormats.check(format, call);
        String resolved = logTarget(call, call.arg(0));
        String condition = null;
        if (call.args().size() == 3) {
            String clause = call.arg(2);
            if (clause.regionMatches(true, 0, "env=", 0, 4)) {
                condition = clause.substring(4);
                if (condition.isEmpty() || condition.equals("!")) {
                    throw call.error("missing environment variable name");
                }
            } else if (clause.regionMatches(true, 0, "expr=", 0, 5)) {
                throw call.error("CustomLog expr= conditions are not supported: use env=[!]VARIABLE with SetEnvIf");
            } else {
                throw call.error("error in condition clause");
            }
        }
        call.serverConfig(CoreConfig.KEY).customLogs.add(new CustomLogSpec(resolved, format, condition,
                call.location()));
    }
}
