package org.sluice.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sluice.config.ServerConfigKey;

/**
 * The HTTP module's per-server settings (main server and each virtual host); unset values
 * (null) are inherited from the main server, then defaulted.
 */
final class HttpServerConfig {

    static final ServerConfigKey<HttpServerConfig> KEY =
            ServerConfigKey.of("http", HttpServerConfig::new, HttpServerConfig::merge);

    Boolean keepAlive;
    /** {@code MaxRequestWorkers}: requests served at once, the main server's only; null for no bound. */
    Integer maxRequestWorkers;
    /** {@code LimitInternalRecursion}'s first number: internal redirects one request may take; null for 10. */
    Integer maxInternalRedirects;
    Duration keepAliveTimeout;
    Integer maxKeepAliveRequests;
    Integer limitRequestLine;
    Integer limitRequestFields;
    Integer limitRequestFieldSize;
    /** {@code RequestReadTimeout}'s stages, each inherited on its own. */
    RequestReadTimeout.Stage headerTimeout;
    RequestReadTimeout.Stage bodyTimeout;
    Path documentRoot;
    Path typesConfig;
    /** {@code Alias} and {@code AliasMatch}, in configuration order. */
    List<Aliases.Alias> aliases = new ArrayList<>();
    /** The {@code Redirect} family outside sections, in configuration order. */
    List<Aliases.Redirect> redirects = new ArrayList<>();
    /** {@code DeflateCompressionLevel}, {@code DeflateBufferSize}, {@code DeflateAlterETag}; null to inherit. */
    Integer deflateLevel;
    Integer deflateBufferSize;
    DeflateDecision.EtagMode deflateEtag;
    /** {@code ServerTokens}: the main server's only (httpd's GLOBAL_ONLY), so every host has the same. */
    ServerTokens serverTokens;
    /** {@code ServerAdmin}. */
    String serverAdmin;
    /** {@code TraceEnable}. */
    Trace.Mode traceEnable;
    /** mod_rewrite's settings and rules; null where none is written. */
    RewriteServerConfig rewrite;
    /**
     * {@code HttpProtocolOptions RegisteredMethods}: a method the server does not know is
     * answered 501 as soon as the request line is read; null to inherit (LenientMethods).
     */
    Boolean registeredMethods;
    /** {@code ExtendedStatus}: the main server's only (httpd's GLOBAL_ONLY); On with mod_status, as in httpd. */
    Boolean extendedStatus;
    /** {@code SeeRequestTail}: the main server's only; Off shows a long request line's start, On its end. */
    Boolean seeRequestTail;
    private volatile Map<String, String> mimeTypes;

    /** {@code ServerTokens}, by default {@code Full} as in httpd. */
    ServerTokens serverTokens() {
        return serverTokens == null ? ServerTokens.FULL : serverTokens;
    }

    /** {@code ServerAdmin}, by default httpd's {@code [no address given]}. */
    String serverAdmin() {
        return serverAdmin == null ? "[no address given]" : serverAdmin;
    }

    /** {@code TraceEnable}, by default {@code On} as in httpd. */
    Trace.Mode traceEnable() {
        return traceEnable == null ? Trace.Mode.ON : traceEnable;
    }

    /** Whether a method the server does not know is refused with 501 when the request line is read. */
    boolean registeredMethods() {
        return registeredMethods != null && registeredMethods;
    }

    /** {@code ExtendedStatus}, On by default as httpd sets it when mod_status is loaded. */
    boolean extendedStatus() {
        return extendedStatus == null || extendedStatus;
    }

    /** {@code SeeRequestTail}, Off by default. */
    boolean seeRequestTail() {
        return seeRequestTail != null && seeRequestTail;
    }

    boolean keepAlive() {
        return keepAlive == null || keepAlive;
    }

    Duration keepAliveTimeout() {
        return keepAliveTimeout == null ? Duration.ofSeconds(5) : keepAliveTimeout;
    }

    /** 0 for no limit. */
    int maxKeepAliveRequests() {
        return maxKeepAliveRequests == null ? 100 : maxKeepAliveRequests;
    }

    /** The limits on request heads; the body's, {@code LimitRequestBody}, is per directory ({@link HttpDirConfig}). */
    HttpLimits limits() {
        HttpLimits d = HttpLimits.DEFAULT;
        return new HttpLimits(
                limitRequestLine == null ? d.requestLine() : limitRequestLine,
                limitRequestFields == null ? d.requestFields() : limitRequestFields,
                limitRequestFieldSize == null ? d.requestFieldSize() : limitRequestFieldSize,
                d.requestBody());
    }

    /** {@code RequestReadTimeout}, by default Apache 2.4's. */
    RequestReadTimeout requestReadTimeout() {
        RequestReadTimeout d = RequestReadTimeout.DEFAULT;
        return new RequestReadTimeout(headerTimeout == null ? d.header() : headerTimeout,
                bodyTimeout == null ? d.body() : bodyTimeout);
    }

    /** {@code DocumentRoot}, by default {@code htdocs} under the server root. */
    Path documentRoot(Path serverRoot) {
        return documentRoot == null ? serverRoot.resolve("htdocs") : documentRoot;
    }

    /** The types of {@link #typesConfig}, looked up once per host configuration. */
    Map<String, String> mimeTypes(Path serverRoot) {
        Map<String, String> types = mimeTypes;
        if (types == null) {
            types = MimeTypes.of(typesConfig(serverRoot));
            mimeTypes = types;
        }
        return types;
    }

    /** {@code TypesConfig}, by default {@code conf/mime.types} under the server root. */
    Path typesConfig(Path serverRoot) {
        return typesConfig == null ? serverRoot.resolve("conf/mime.types") : typesConfig;
    }

    static HttpServerConfig merge(HttpServerConfig base, HttpServerConfig host) {
        HttpServerConfig m = new HttpServerConfig();
        m.keepAlive = host.keepAlive != null ? host.keepAlive : base.keepAlive;
        m.maxInternalRedirects = host.maxInternalRedirects != null ? host.maxInternalRedirects : base.maxInternalRedirects;
        m.keepAliveTimeout = host.keepAliveTimeout != null ? host.keepAliveTimeout : base.keepAliveTimeout;
        m.maxKeepAliveRequests = host.maxKeepAliveRequests != null ? host.maxKeepAliveRequests : base.maxKeepAliveRequests;
        m.limitRequestLine = host.limitRequestLine != null ? host.limitRequestLine : base.limitRequestLine;
        m.limitRequestFields = host.limitRequestFields != null ? host.limitRequestFields : base.limitRequestFields;
        m.limitRequestFieldSize = host.limitRequestFieldSize != null ? host.limitRequestFieldSize : base.limitRequestFieldSize;
        m.headerTimeout = host.headerTimeout != null ? host.headerTimeout : base.headerTimeout;
        m.bodyTimeout = host.bodyTimeout != null ? host.bodyTimeout : base.bodyTimeout;
        m.documentRoot = host.documentRoot != null ? host.documentRoot : base.documentRoot;
        m.typesConfig = host.typesConfig != null ? host.typesConfig : base.typesConfig;
        m.deflateLevel = host.deflateLevel != null ? host.deflateLevel : base.deflateLevel;
        m.deflateBufferSize = host.deflateBufferSize != null ? host.deflateBufferSize : base.deflateBufferSize;
        m.deflateEtag = host.deflateEtag != null ? host.deflateEtag : base.deflateEtag;
        m.serverTokens = base.serverTokens;
        m.serverAdmin = host.serverAdmin != null ? host.serverAdmin : base.serverAdmin;
        m.traceEnable = host.traceEnable != null ? host.traceEnable : base.traceEnable;
        // as mod_alias: the host's own first, then the main server's
        m.aliases = new ArrayList<>(host.aliases);
        m.aliases.addAll(base.aliases);
        m.redirects = new ArrayList<>(host.redirects);
        m.redirects.addAll(base.redirects);
        m.rewrite = RewriteServerConfig.merge(base.rewrite, host.rewrite);
        m.registeredMethods = host.registeredMethods != null ? host.registeredMethods : base.registeredMethods;
        m.extendedStatus = base.extendedStatus;
        m.seeRequestTail = base.seeRequestTail;
        return m;
    }

    /** How many internal redirects a request may take ({@code LimitInternalRecursion}, 10 by default as in httpd). */
    int maxInternalRedirects() {
        return maxInternalRedirects != null ? maxInternalRedirects : 10;
    }
}
