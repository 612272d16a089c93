package org.sluice.http;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.config.DirConfig;
import org.sluice.config.DirConfigKey;
import org.sluice.connection.Connection;
import org.sluice.filter.Block;
import org.sluice.filter.FilterType;
import org.sluice.filter.OutputFilter;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.log.LogItem;
import org.sluice.server.VirtualHost;

/**
 * One HTTP request and the response being made for it (Apache's {@code request_rec}). The
 * phases of {@link HttpHooks} fill it in turn: the path, the file name, the per-directory
 * configuration, the user, the content type and the handler; the handler then reads the body
 * and writes the response.
 *
 * <pre>{@code
 * public Result handle(Request request) throws IOException {
 *     if (!request.method().equals("GET")) {
 *         return Result.error(HttpStatus.METHOD_NOT_ALLOWED);
 *     }
 *     request.contentType("text/plain; charset=utf-8");
 *     request.write("you asked for " + request.path() + "\n");   // the head goes out first
 *     return Result.OK;
 * }
 * }</pre>
 *
 * <p>The response head is sent when the first body data is passed (or when the request ends):
 * set the status and headers before that. Without a {@code Content-Length} the body is chunked
 * (HTTP/1.1) or ends with the connection (HTTP/1.0); a body passed in one go with its end is
 * measured and gets a {@code Content-Length}. A request is used by its connection's thread only.
 *
 * <p>A handler that answers without reading the body calls {@link #discardBody()} first, as the
 * static handler does; a response that starts while body bytes are still unread closes the
 * connection.
 */
public final class Request implements LogItem.LogEvent {

    private final Connection connection;
    private final RequestHead head;
    /** The head's request line, built when first asked for (server-status, %r). */
    private String requestLine;
    private final long startNanos;
    private final long startMillis;
    private final HttpHeaders.Builder headersOut = HttpHeaders.builder();
    private final HttpHeaders.Builder errorHeadersOut = HttpHeaders.builder();
    /** Made when first asked for: most requests carry no notes. */
    private Map<String, String> notes;
    /** Made when the first variable is set, and kept by the chain's first request only. */
    private Map<String, String> env;
    /** Made when the first is added. */
    private List<String> outputFilters;
    private VirtualHost virtualHost;
    private String method;
    private String path;
    /** The query a module set in place of the request line's ({@code RewriteRule}), when {@link #queryChanged}. */
    private String query;
    private boolean queryChanged;
    private int status = HttpStatus.OK;
    private String contentType;
    private String contentEncoding;
    private List<String> contentLanguages;
    /** AddOutputFilter's filters for the file's extensions, found by the type checker; null for none. */
    private List<String> extensionFilters;
    private String handler;
    /** The URL a proxy fetches the response from (ProxyPass, RewriteRule [P]), or null. */
    private String proxyTarget;
    private Path filename;
    private String leafName;
    private boolean slashAfterFilename;
    private String pathInfo;
    /** Made by DirectoryIndex: stands for the request before it in the log, as httpd's fast redirect. */
    private boolean standsForPrevious;
    private boolean aborted;
    private boolean errorResponse;
    private boolean ruleFree;
    /** When the response's head went out, under {@code LogIOTrackTTFB On}; 0 otherwise. */
    private long firstByteNanos;
    private int keepAlives;
    private long bytesInBefore;
    private Path fileRoot;
    private BasicFileAttributes fileAttributes;
    private boolean fileAttributesKnown;
    /**
     * {@code UseCanonicalName DNS}: the names of the server's own addresses, looked up once per
     * address with the server's resolver ("" for an address without one: then {@code ServerName},
     * as in httpd).
     */
    private static final Map<java.net.InetAddress, String> LOCAL_NAMES =
            new java.util.concurrent.ConcurrentHashMap<>();

    private DirConfig dirConfig;
    /** This module's part of {@link #dirConfig}, once asked for. */
    private HttpDirConfig httpConfig;
    /** The fields after a module changed them, else null: those of {@link #head}. */
    private HttpHeaders headersIn;
    /** The client as a module put it in the connection's place ({@link #clientAddress(java.net.InetAddress)}), else null. */
    private java.net.InetAddress clientAddress;
    private String clientIp;
    private org.sluice.access.RemoteHost clientHost;
    private String user;
    private boolean headerOnly;
    private boolean committed;
    private boolean ended;
    private boolean bodyRead;
    private long bodyBytesSent;
    private long bytesSent;
    private Request previous;
    private Request next;
    private HttpInputFilter input;
    private final PhasePlan plan;

    Request(Connection connection, RequestHead head, VirtualHost virtualHost, HttpInputFilter input, PhasePlan plan) {
        this(connection, head, virtualHost, input, plan, System.nanoTime(), System.currentTimeMillis());
    }

    private Request(Connection connection, RequestHead head, VirtualHost virtualHost, HttpInputFilter input,
            PhasePlan plan, long startNanos, long startMillis) {
        this.connection = connection;
        this.plan = plan;
        this.startNanos = startNanos;
        this.startMillis = startMillis;
        this.head = head;
        this.virtualHost = virtualHost;
        this.input = input;
        this.method = head == null ? "-" : head.method();
        this.path = head == null ? "" : head.path();
        this.headerOnly = "HEAD".equals(method);
        this.dirConfig = virtualHost.defaults();
    }

    /**
     * A request for an internal redirect: same connection, head, body, output and start time.
     * This request's output filters are dropped: the new one runs insert_filter for itself.
     * {@code renameEnvironment} is httpd's full internal redirect ({@code ErrorDocument},
     * mod_rewrite in a directory): the new request's variables are this one's with
     * {@code REDIRECT_} before their names, and {@code REDIRECT_STATUS}. Without it (httpd's fast
     * redirect, {@code DirectoryIndex} and {@code FallbackResource}) both requests share one set.
     */
    Request redirected(String newPath, String newMethod, boolean renameEnvironment) {
        removeOutputFilters();
        Request next = new Request(connection, head, virtualHost, input, plan, startNanos, startMillis);
        next.method = newMethod;
        next.headerOnly = headerOnly;
        next.path = newPath;
        next.previous = this;
        next.bodyRead = bodyRead;
        next.user = user;
        next.clientAddress = clientAddress;
        next.clientIp = clientIp;
        next.clientHost = clientHost;
        next.keepAlives = keepAlives;
        next.bytesInBefore = bytesInBefore;
        next.headersIn = headersIn;
        if (notes != null && !notes.isEmpty()) {
            next.notes().putAll(notes);
        }
        if (renameEnvironment) {
            Map<String, String> renamed = next.env();
            if (env != null) {
                env.forEach((name, value) -> renamed.put("REDIRECT_" + name, value));
            }
            renamed.put("REDIRECT_STATUS", Integer.toString(status));
        } else {
            next.env = env();
        }
        for (HttpHeaders.Field field : errorHeadersOut.fields()) {
            next.errorHeadersOut.add(field.name(), field.value());
        }
        this.next = next;
        return next;
    }

    /**
     * Serves {@code url}, a local path with an optional query as a request line has them
     * ({@code /done?id=7}, %-encoded), in place of this request, as a {@code GET}: httpd's
     * {@code ap_internal_redirect_handler}, as mod_cgi uses it for a script's
     * {@code Location: /path}. The phases run again from translate_name for the new request,
     * whose environment is this one's renamed {@code REDIRECT_*} (with {@code REDIRECT_STATUS}),
     * and which makes the response and the log's {@code %>s}. Read or discard the body first:
     * the new request does not get it. A {@code HEAD} stays a request without a body in the
     * response.
     *
     * @return the new request's result, an error status included (which the server answers)
     * @throws HttpException 400 when {@code url} is not a local path
     */
    public org.sluice.hook.Result internalRedirect(String url) throws Exception {
        int question = url.indexOf('?');
        String rawPath = question < 0 ? url : url.substring(0, question);
        String query = question < 0 ? null : url.substring(question + 1);
        if (!rawPath.startsWith("/")) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "cannot redirect internally to '" + url
                    + "': not a local path");
        }
        String decoded;
        try {
            decoded = RequestPath.normalize(rawPath);
        } catch (HttpException e) {
            return org.sluice.hook.Result.error(e.status());
        }
        return RequestProcessor.redirectAsGet(this, decoded, query);
    }

    /** The phases this request runs through. */
    PhasePlan plan() {
        return plan;
    }

    /** The request that made the response: this one, or the end of its internal redirects. */
    Request last() {
        Request r = this;
        while (r.next != null) {
            r = r.next;
        }
        return r;
    }

    /**
     * Forgets an internal redirect that failed before it sent anything, and the output filters
     * its requests added: this request answers after all, without per-request filters (its own
     * were dropped when it redirected).
     */
    void unlinkNext() {
        if (next != null) {
            next.last().removeOutputFilters();
            next = null;
        }
    }

    // ---- the request ----

    /** The method token, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The request-target as received, still encoded ({@code /a%20b?x=1}; Apache's {@code unparsed_uri}). */
    public String uri() {
        return head == null ? "" : head.target();
    }

    /** The decoded, normalised path ({@code /a b}; Apache's {@code r->uri}). */
    public String path() {
        return path;
    }

    void path(String decoded) {
        this.path = decoded;
    }

    /** The query without its {@code ?}, still encoded, or null; a module may have changed it ({@code RewriteRule}). */
    public String query() {
        if (queryChanged) {
            return query;
        }
        return head == null ? null : head.query();
    }

    /** Replaces the query ({@code RewriteRule}): encoded, without its {@code ?}; null for none. */
    void query(String encoded) {
        query = encoded;
        queryChanged = true;
    }

    /** The query as Apache's {@code r->args}: same as {@link #query()}. */
    public String args() {
        return query();
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    public String protocol() {
        return head == null ? "HTTP/1.0" : head.version().text();
    }

    public HttpVersion version() {
        return head == null ? HttpVersion.HTTP_1_0 : head.version();
    }

    /** A request that was refused before its head was whole: the request line that was read, if any. */
    void refusedRequestLine(String line) {
        requestLine = line;
    }

    /** The request line as received, or null when none was read. */
    public String requestLine() {
        String line = requestLine;
        if (line == null && head != null) {
            line = requestLine = head.requestLine();
        }
        return line;
    }

    /** The parsed head, or null for an error answered before a head was read. */
    public RequestHead head() {
        return head;
    }

    /** The request's header fields, as read or as a module changed them ({@code RequestHeader}). */
    public HttpHeaders headersIn() {
        if (headersIn != null) {
            return headersIn;
        }
        return head == null ? HttpHeaders.empty() : head.headers();
    }

    /**
     * Replaces the request's header fields for the phases, handlers and log that follow. The
     * request's framing and host, read from the fields as they came, do not change.
     */
    public void headersIn(HttpHeaders fields) {
        headersIn = fields;
    }

    /** The host name the client asked for (lower-cased), or null. */
    public String hostName() {
        return head == null ? null : head.host();
    }

    /**
     * {@code path} (which starts with {@code /}) as an absolute URL of this server, as httpd
     * builds redirect targets: with {@code UseCanonicalName Off} (the default) the host and
     * port the client asked for, else the {@code ServerName} and its port, else port 80, which
     * is left out. Not the port the connection came in on, unless
     * {@code UseCanonicalPhysicalPort On}: behind a port mapping (80 to 8080) that one is
     * unreachable.
     */
    public String absoluteUrl(String path) {
        String host = serverName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = serverPort();
        return scheme() + "://" + host + (port == defaultPort() ? "" : ":" + port) + path;
    }

    /**
     * {@code https} on a TLS connection or for a host whose {@code ServerName} says
     * {@code https://} (behind a proxy that ends TLS), else {@code http}: httpd's
     * {@code ap_http_scheme}.
     */
    public String scheme() {
        return secureScheme(connection, virtualHost) ? "https" : "http";
    }

    /** The scheme's port: 443 for {@code https}, else 80 (httpd's {@code ap_default_port}). */
    int defaultPort() {
        return secureScheme(connection, virtualHost) ? 443 : 80;
    }

    static boolean secureScheme(Connection connection, VirtualHost host) {
        return connection.tls() != null || "https".equals(host.serverScheme());
    }

    /**
     * The server's name as httpd gives it ({@code ap_get_server_name}): with
     * {@code UseCanonicalName Off} the host the client asked for, else {@code ServerName}; with
     * {@code On} the {@code ServerName}; with {@code DNS} the name of the address the client
     * connected to. An IPv6 address comes without its brackets.
     */
    String serverName() {
        String host = switch (config(HttpDirConfig.KEY).useCanonicalName()) {
            case ON -> null;
            case DNS -> localName();
            case OFF -> hostName();
        };
        if (host == null) {
            return virtualHost.serverName();
        }
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The name of the address the client connected to, or null when it has none. */
    private String localName() {
        java.net.InetAddress address = connection.localAddress().getAddress();
        String name = LOCAL_NAMES.get(address);
        if (name == null) {
            // looked up outside the map's lock: the look-up may park this (virtual) thread
            name = virtualHost.server().hostResolver().reverse(address)
                    .map(found -> found.toLowerCase(java.util.Locale.ROOT)).orElse("");
            LOCAL_NAMES.putIfAbsent(address, name);
        }
        return name.isEmpty() ? null : name;
    }

    /**
     * The server's port as httpd gives it ({@code ap_get_server_port}): with
     * {@code UseCanonicalName Off} or {@code DNS} the port the client named, else
     * {@code ServerName}'s, else 80; with {@code On} {@code ServerName}'s, else 80. With
     * {@code UseCanonicalPhysicalPort On} the port the connection came in on comes before 80.
     */
    int serverPort() {
        HttpDirConfig config = config(HttpDirConfig.KEY);
        int named = virtualHost.serverPort();
        int physical = config.useCanonicalPhysicalPort() ? connection.localAddress().getPort() : 0;
        int asked = config.useCanonicalName() != HttpDirConfig.CanonicalName.ON && head != null ? head.port() : 0;
        if (asked > 0) {
            return asked;
        }
        if (config.useCanonicalName() == HttpDirConfig.CanonicalName.ON) {
            return named > 0 ? named : physical > 0 ? physical : defaultPort();
        }
        return physical > 0 ? physical : named > 0 ? named : defaultPort();
    }

    /** True for HEAD: the response has no body, whatever the handler passes. */
    public boolean headerOnly() {
        return headerOnly;
    }

    /** The request this one was internally redirected from ({@code ErrorDocument}, DirectoryIndex), or null. */
    public Request previous() {
        return previous;
    }

    /** The note {@code name}, or null; unlike {@link #notes()}, makes no map when there are none. */
    public String note(String name) {
        return notes == null ? null : notes.get(name);
    }

    /** Notes between modules (Apache's {@code r->notes}). */
    public Map<String, String> notes() {
        if (notes == null) {
            notes = new HashMap<>();
        }
        return notes;
    }

    /**
     * The request's environment variables (httpd's {@code subprocess_env}): what
     * {@code SetEnvIf}, {@code BrowserMatch} and {@code SetEnv} set, for {@code Header ...
     * env=}, {@code CustomLog ... env=}, {@code Allow from env=}, {@code %{VAR}e} and the
     * variables modules heed ({@code nokeepalive}, {@code no-gzip}). Names are
     * case-insensitive. After an internal redirect the new request has its own set, or shares
     * this one's ({@link #redirected}); {@code CustomLog ... env=} looks at the first request's,
     * {@code %{VAR}e} at the last one's, as in httpd.
     */
    public Map<String, String> env() {
        if (env == null) {
            env = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        }
        return env;
    }

    @Override
    public String env(String name) {
        return env == null ? null : env.get(name);
    }

    public Connection connection() {
        return connection;
    }

    /**
     * The client's host name as {@code HostnameLookups} here has it looked up, else its address
     * (httpd's {@code ap_get_useragent_host} for {@code REMOTE_NAME}): what {@code %h} and
     * {@code Remote_Host} show. With {@code Off} nothing is looked up, but a name a host rule
     * already looked up on this connection shows, as in httpd. May park while DNS answers.
     */
    public String remoteHost() {
        return clientHost().name(config(HttpDirConfig.KEY).hostnameLookups()).orElse(clientIp());
    }

    /**
     * The client's address (httpd's {@code useragent_ip}): the connection's, unless a module put
     * another in its place for this request, as {@code RemoteIPHeader} does with the address a
     * trusted proxy names. What {@code %a}, {@code REMOTE_ADDR}, {@code Require ip} and
     * {@code Allow from} see; {@link Connection#remoteAddress()} stays the connection's.
     */
    public java.net.InetAddress clientAddress() {
        return clientAddress != null ? clientAddress : connection.remoteAddress().getAddress();
    }

    /** {@link #clientAddress()} as text. */
    public String clientIp() {
        return clientIp != null ? clientIp : connection.remoteIp();
    }

    /** The name of {@link #clientAddress()}, looked up when first needed (as {@link Connection#remoteHost()}). */
    public org.sluice.access.RemoteHost clientHost() {
        return clientHost != null ? clientHost : connection.remoteHost();
    }

    /** Puts {@code address} in the connection's client's place for this request and its internal redirects. */
    public void clientAddress(java.net.InetAddress address) {
        this.clientAddress = address;
        this.clientIp = io.netty.util.NetUtil.toAddressString(address);
        this.clientHost = org.sluice.access.RemoteHost.lookup(address, virtualHost.server().hostResolver());
    }

    /** The virtual host serving the request (chosen by {@code Host} among those on the address). */
    public VirtualHost virtualHost() {
        return virtualHost;
    }

    void virtualHost(VirtualHost host) {
        this.virtualHost = host;
        dirConfig(host.defaults());
    }

    // ---- what the phases decide ----

    /** The file the path maps to, or null (translate_name sets it). */
    public Path filename() {
        return filename;
    }

    public void filename(Path file) {
        this.filename = file;
        this.pathInfo = null;
        this.fileAttributes = null;
        this.fileAttributesKnown = false;
        this.leafName = null;
        this.slashAfterFilename = false;
    }

    /**
     * {@link #filename(Path)} with its last element as text, known already, and whether the
     * path it was mapped from went on with a slash after it ({@code /a.txt/}).
     */
    void filename(Path file, String leaf, boolean slashAfter) {
        filename(file);
        this.leafName = leaf;
        this.slashAfterFilename = slashAfter;
    }

    /**
     * True when the path mapped to {@link #filename()} had a slash after it: a name that is
     * not a directory is then not found, as Apache's default handler refuses path info.
     */
    boolean slashAfterFilename() {
        return slashAfterFilename;
    }

    /**
     * What the path goes on with after the name of the file it maps to ({@code /more} of
     * {@code /a.txt/more}, {@code /} of {@code /a.txt/}): httpd's {@code PATH_INFO}, or null
     * when there is none. The default handler serves such a request only under
     * {@code AcceptPathInfo On}; under {@code AcceptPathInfo Off} no handler is asked.
     */
    public String pathInfo() {
        return pathInfo;
    }

    void pathInfo(String rest) {
        this.pathInfo = rest;
    }

    /** The last element of {@link #filename()} as text ("" when there is none), made once per file. */
    String leafName() {
        if (leafName == null) {
            Path leaf = filename == null ? null : filename.getFileName();
            leafName = leaf == null ? "" : leaf.toString();
        }
        return leafName;
    }

    /** The directory (DocumentRoot or Alias target) the file was confined to, or null. */
    Path fileRoot() {
        return fileRoot;
    }

    void fileRoot(Path root) {
        this.fileRoot = root;
    }

    /**
     * The attributes of {@link #filename()} as map_to_storage read them (links followed), or
     * null when the file does not exist or was not looked at (Apache's {@code r->finfo}). One
     * look per request: later phases and the handler use these instead of asking the file
     * system again.
     */
    public BasicFileAttributes fileAttributes() {
        return fileAttributes;
    }

    /** Sets what a look at {@link #filename()} found: its attributes, or null if it does not exist. */
    public void fileAttributes(BasicFileAttributes attributes) {
        this.fileAttributes = attributes;
        this.fileAttributesKnown = true;
    }

    /** False when the file name changed since the file was last looked at (or it never was). */
    boolean fileAttributesKnown() {
        return fileAttributesKnown;
    }

    /** The merged per-directory configuration that applies (map_to_storage sets it). */
    public DirConfig dirConfig() {
        return dirConfig;
    }

    public void dirConfig(DirConfig config) {
        this.dirConfig = config;
        this.httpConfig = null;
    }

    /** A module's part of {@link #dirConfig()}. */
    @SuppressWarnings("unchecked")
    public <T> T config(DirConfigKey<T> key) {
        if (key == HttpDirConfig.KEY) {
            // asked for by most phases of every request: looked up once per configuration
            HttpDirConfig http = httpConfig;
            if (http == null) {
                httpConfig = http = dirConfig.get(HttpDirConfig.KEY);
            }
            return (T) http;
        }
        return dirConfig.get(key);
    }

    /**
     * Whether {@code Options ExecCGI} applies to the request's file (httpd's
     * {@code ap_allow_options(r) & OPT_EXECCGI}): a handler that runs the file as a program asks
     * this before it does, unless an alias chose the handler ({@link Aliases#FORCED_HANDLER_NOTE}).
     */
    public boolean execCgi() {
        return config(HttpDirConfig.KEY).options().contains(HttpDirConfig.Option.EXEC_CGI);
    }

    /** The authenticated user, or null. */
    public String user() {
        return user;
    }

    public void user(String name) {
        this.user = name;
    }

    /**
     * The URL a reverse proxy is to fetch this request's response from, or null for a request
     * served here (httpd's {@code proxy:} file name). A translate_name function sets it
     * ({@code ProxyPass}, {@code RewriteRule ... [P]}), together with the handler
     * {@value #PROXY_HANDLER}; the proxy module's handler then forwards the request there. The
     * URL is absolute ({@code http://backend:8080/app/page?x=1}), its path and query
     * percent-encoded as they go on the wire. An internal redirect starts without one.
     */
    public String proxyTarget() {
        return proxyTarget;
    }

    /** Sets {@link #proxyTarget()}; null serves the request here after all. */
    public void proxyTarget(String url) {
        this.proxyTarget = url;
    }

    /** The handler name of a request for a {@link #proxyTarget() proxy target}, as httpd's mod_proxy names it. */
    public static final String PROXY_HANDLER = "proxy-server";

    /** The handler name ({@code SetHandler}, {@code AddHandler}), or null to choose by type. */
    public String handler() {
        return handler;
    }

    public void handler(String name) {
        this.handler = name;
    }

    // ---- the response ----

    public int status() {
        return status;
    }

    public void status(int code) {
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("not a status: " + code);
        }
        this.status = code;
    }

    /** The response's media type, or null. */
    public String contentType() {
        return contentType;
    }

    public void contentType(String type) {
        this.contentType = type;
    }

    /**
     * The response's content codings ({@code AddEncoding}), e.g. {@code gzip} or
     * {@code compress, gzip}, or null. Sent as {@code Content-Encoding} (in place of any such
     * field among the headers out) unless the response is a 204 or a 304; an error response the
     * server makes clears it. A body with a coding other than {@code identity} is never
     * compressed by {@code DEFLATE}.
     */
    public String contentEncoding() {
        return contentEncoding;
    }

    public void contentEncoding(String codings) {
        this.contentEncoding = codings;
    }

    /**
     * The response's languages ({@code AddLanguage}, {@code DefaultLanguage}), or null. Sent as
     * {@code Content-Language}, followed by those of any such field among the headers out, unless
     * the response is a 204 or a 304; an error response the server makes clears them.
     */
    public List<String> contentLanguages() {
        return contentLanguages;
    }

    public void contentLanguages(List<String> languages) {
        this.contentLanguages = languages == null ? null : List.copyOf(languages);
    }

    List<String> extensionFilters() {
        return extensionFilters;
    }

    void extensionFilters(List<String> names) {
        this.extensionFilters = names;
    }

    /** Header fields of a successful response (Apache's {@code headers_out}). */
    public HttpHeaders.Builder headersOut() {
        return headersOut;
    }

    /** Header fields sent with any response, errors included (Apache's {@code err_headers_out}). */
    public HttpHeaders.Builder errorHeadersOut() {
        return errorHeadersOut;
    }

    /**
     * Adds a registered output filter for this request only (from the insert_filter phase, or
     * before the first body byte); it is removed when the request ends.
     */
    public void addOutputFilter(String name) {
        connection.output().add(name);
        filterAdded(name);
    }

    /** Adds a filter instance for this request only, at the place {@code type} gives it. */
    void addOutputFilter(String name, FilterType type, OutputFilter filter) {
        connection.output().add(name, type, filter);
        filterAdded(name);
    }

    private void filterAdded(String name) {
        if (outputFilters == null) {
            outputFilters = new ArrayList<>();
        }
        outputFilters.add(name);
    }

    /** True once the response head was passed to the output. */
    public boolean committed() {
        return committed;
    }

    /** Body bytes passed so far (before any transfer coding). */
    public long bodyBytesSent() {
        return bodyBytesSent;
    }

    /** Bytes sent for this response, head and framing included. */
    public long bytesSent() {
        return bytesSent;
    }

    void countSent(long body, long total) {
        bodyBytesSent += body;
        bytesSent += total;
    }

    /**
     * Passes response body buckets down the output filters, sending the head first when this is
     * the first pass. Add {@code brigade.addFlush()} to have the data sent now.
     */
    public void pass(Brigade brigade) throws IOException {
        if (ended) {
            brigade.cleanup();
            throw new IllegalStateException("the response to " + requestLine() + " has already ended");
        }
        if (!committed) {
            committed = true;
            brigade.addFirst(new ResponseStart(this));
        }
        if (brigade.containsEos()) {
            ended = true;
        }
        connection.output().pass(brigade);
    }

    /** Writes text (UTF-8) as body data. */
    public void write(CharSequence text) throws IOException {
        Brigade brigade = new Brigade();
        brigade.addLast(DataBucket.of(text, StandardCharsets.UTF_8));
        pass(brigade);
    }

    /** The body as a stream; {@code flush()} sends what was written, {@code close()} does not end the response. */
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length > 0) {
                    Brigade brigade = new Brigade();
                    brigade.addLast(DataBucket.copyOf(java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
                    pass(brigade);
                }
            }

            @Override
            public void flush() throws IOException {
                Brigade brigade = new Brigade();
                brigade.addFlush();
                pass(brigade);
            }
        };
    }

    /** Ends the response: sends the head if nothing was passed, then the end of the body. */
    void end() throws IOException {
        if (!ended) {
            Brigade brigade = new Brigade();
            brigade.addEos();
            brigade.addFlush();
            pass(brigade);
        }
        removeOutputFilters();
    }

    /** Drops the output filters this request added (insert_filter): its response goes out without them. */
    void removeOutputFilters() {
        if (outputFilters == null) {
            return;
        }
        for (String name : outputFilters) {
            connection.output().remove(name);
        }
        outputFilters.clear();
    }

    boolean ended() {
        return ended;
    }

    // ---- the body ----

    /** True if the request has a body (it may not have been read yet). */
    public boolean hasBody() {
        return head != null && head.framing().hasBody();
    }

    /**
     * Reads up to {@code max} bytes of the body into {@code into}, de-chunked; blocks until
     * some arrive. The first read answers {@code Expect: 100-continue}.
     *
     * @return OK with data, or EOF once the whole body was read
     * @throws HttpException 413 past {@code LimitRequestBody}, 400 for a malformed body
     */
    public ReadStatus readBody(Brigade into, long max) throws IOException {
        bodyRead = true;
        return connection.input().read(into, ReadMode.READBYTES, Block.BLOCK, max);
    }

    /** The body as a stream (see {@link #readBody}). */
    public InputStream body() {
        return new InputStream() {
            private final Brigade buffered = new Brigade();
            private boolean eof;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                while (buffered.isEmpty()) {
                    if (eof || readBody(buffered, 65536) == ReadStatus.EOF) {
                        eof = true;
                        return -1;
                    }
                }
                int n = 0;
                Bucket b;
                while (n < length && (b = buffered.first()) != null) {
                    if (b instanceof DataBucket data) {
                        ByteBuf content = data.content();
                        int take = Math.min(length - n, content.readableBytes());
                        content.readBytes(bytes, offset + n, take);
                        n += take;
                        if (!content.isReadable()) {
                            b.delete();
                        }
                    } else {
                        b.delete();
                    }
                }
                return n;
            }

            @Override
            public void close() {
                buffered.cleanup();
            }
        };
    }

    boolean bodyRead() {
        return bodyRead;
    }

    /** Unread body bytes {@link #discardBody()} reads at most before it gives the connection up. */
    static final long DISCARD_LIMIT = 64 * 1024;

    /**
     * Reads and throws away what is left of the body, for a response that does not depend on
     * it (Apache's {@code ap_discard_request_body}): call it before the response head is sent,
     * so that a malformed or too large body is answered 400 or 413 rather than after a success.
     * Bounded: it reads at most {@link #DISCARD_LIMIT} bytes; past that, and for a body the
     * client sends only after {@code 100 Continue} unless it is declared that small, it reads
     * no more and the response closes the connection. Does nothing once the body was read, or
     * for a request without one.
     *
     * @throws HttpException 400 for a malformed body, 413 past {@code LimitRequestBody}, 408
     *     when the body does not come in time; the connection cannot be kept after any of them
     */
    public void discardBody() throws IOException {
        if (head == null || input == null || input.bodyDone() || committed || connection.aborted()) {
            // after the head the connection closes anyway (see HttpOutputFilter)
            return;
        }
        // a Content-Length over LimitRequestBody is 413 before anything is read or asked for
        input.beginBody();
        if (input.continuePending()) {
            BodyFraming framing = head.framing();
            if (framing.kind() != BodyFraming.Kind.LENGTH || framing.length() > DISCARD_LIMIT) {
                // the client waits for the go-ahead: answer without it, and close
                connection.keepAlive(false);
                return;
            }
        }
        long drained = 0;
        try (Brigade bb = new Brigade()) {
            while (!input.bodyDone()) {
                if (drained > DISCARD_LIMIT) {
                    connection.keepAlive(false);
                    return;
                }
                ReadStatus status = connection.input().read(bb, ReadMode.READBYTES, Block.BLOCK, 16384);
                drained += bb.length();
                bb.cleanup();
                if (status != ReadStatus.OK) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new HttpException(HttpStatus.REQUEST_TIMEOUT,
                    "timed out reading the request body to discard it");
        }
    }

    /** True while the request has body bytes nobody read yet. */
    boolean bodyPending() {
        return head != null && input != null && !input.bodyDone();
    }

    /**
     * The final response head is going out: no {@code 100 Continue} may follow it. Under
     * {@code LogIOTrackTTFB On} the moment is kept for {@code %^FB}, but for the server's own
     * error responses and TRACE, which httpd sends without mod_logio's filter.
     */
    void responseStarted() {
        if (input != null) {
            input.responseStarted();
        }
        if (!errorResponse && !ruleFree && config(HttpDirConfig.KEY).trackTtfb()) {
            firstByteNanos = System.nanoTime();
        }
    }

    /** {@code %^FB}: microseconds from the request's start to its response's first byte, or -1 if not kept. */
    long timeToFirstByteMicros() {
        return firstByteNanos == 0 ? -1 : Math.max(0, (firstByteNanos - startNanos) / 1000);
    }

    // ---- LogEvent ----

    @Override
    public long startNanos() {
        return startNanos;
    }

    @Override
    public long startMillis() {
        return startMillis;
    }

    /** The request its internal redirects started from ({@code %<s}); this one if none led here. */
    @Override
    public Request originalEvent() {
        Request r = this;
        while (r.previous != null) {
            r = r.previous;
        }
        while (r.next != null && r.next.standsForPrevious) {
            r = r.next;
        }
        return r;
    }

    /**
     * This request, made by {@code DirectoryIndex} or {@code FallbackResource}, stands for the one
     * it came from: as httpd's fast redirect turns {@code /docs/} into {@code /docs/index.html},
     * the log's original request ({@code %U}, {@code %s}) is this one.
     */
    void standForPrevious() {
        standsForPrevious = true;
    }

    /**
     * Whether the server made this request's response itself, for an error status or a redirect
     * of its own ({@code Redirect}, {@code DirectorySlash}, a 404): httpd's error response, which
     * only {@code Header always} rules change.
     */
    boolean errorResponse() {
        return errorResponse;
    }

    void markErrorResponse() {
        errorResponse = true;
    }

    /**
     * Whether this request's response is made before any module's rules may apply to it: TRACE's
     * echo and the answer to {@code OPTIONS *}, which httpd gives from map_to_storage, so that
     * neither {@code Header} (not even {@code always}) nor {@code Expires} changes them.
     */
    boolean ruleFree() {
        return ruleFree;
    }

    void markRuleFree() {
        ruleFree = true;
    }

    /** Whether this request came from a fast redirect ({@link #standForPrevious()}). */
    boolean standsForPrevious() {
        return standsForPrevious;
    }

    /** The client went away, or stopped reading, before the response was all sent ({@code %X}). */
    void markAborted() {
        aborted = true;
    }

    @Override
    public boolean aborted() {
        return aborted || connection.aborted();
    }

    /**
     * The bytes this request brought ({@code %I}): what the connection received since the
     * one before it was logged, or since it opened (pipelined requests that came in one read
     * count for the first of them, as in httpd).
     */
    long bytesReceived() {
        return connection.bytesIn() - bytesInBefore;
    }

    void bytesInBefore(long received) {
        bytesInBefore = received;
    }

    /** How many requests the connection served before this one ({@code %k}). */
    int keepAlives() {
        return keepAlives;
    }

    void keepAlives(int count) {
        keepAlives = count;
    }

    /** The request that made the response ({@code %>s}): the last of its internal redirects, or this one. */
    @Override
    public Request finalEvent() {
        return last();
    }

    @Override
    public String toString() {
        return "Request[" + (head == null ? "-" : method + " " + path) + " from " + clientIp() + "]";
    }
}
