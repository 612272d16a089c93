package org.sluice.http;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * httpd's server variables ({@code %{REQUEST_URI}}, {@code %{HTTP_HOST}}, {@code %{TIME}}...),
 * one table for mod_rewrite's test strings and the expressions of {@code <If>} and its kin.
 * Names are resolved once, when the configuration is read, to a {@link Variable}.
 */
final class ServerVariables {

    /** One variable of a request; null when it has no value. */
    @FunctionalInterface
    interface Variable {
        /**
         * @param headers reads a request header; it may note that the result depends on it
         *     ({@code Vary})
         */
        String value(Request r, UnaryOperator<String> headers);
    }

    private ServerVariables() {
    }

    // the request headers httpd names as variables, made once
    private static final Variable HTTP_HOST = header("Host");
    private static final Variable HTTP_USER_AGENT = header("User-Agent");
    private static final Variable HTTP_REFERER = header("Referer");
    private static final Variable HTTP_COOKIE = header("Cookie");
    private static final Variable HTTP_ACCEPT = header("Accept");
    private static final Variable HTTP_FORWARDED = header("Forwarded");
    private static final Variable HTTP_PROXY_CONNECTION = header("Proxy-Connection");

    /** httpd's {@code MODULE_MAGIC_NUMBER_MAJOR} of 2.4, which {@code %{API_VERSION}} gives. */
    static final String API_VERSION = "20120211";

    /** Names httpd's expressions know and mod_rewrite does not (there they are ""). */
    private static final java.util.Set<String> EXPRESSIONS_ONLY = java.util.Set.of("DOCUMENT_URI", "HTTP2",
            "CONTENT_TYPE", "HANDLER", "REQUEST_STATUS", "REQUEST_LOG_ID", "CONN_LOG_ID", "LAST_MODIFIED");

    /** The variable {@code name} (any case) of mod_rewrite's test strings, or null when it knows none. */
    static Variable forRewrite(String name) {
        return EXPRESSIONS_ONLY.contains(name.toUpperCase(Locale.ROOT)) ? null : of(name);
    }

    /** The variable {@code name} (any case) of httpd's expressions, or null when they know none. */
    static Variable forExpressions(String name) {
        if (name.regionMatches(true, 0, "SSL_", 0, 4)) {
            // mod_ssl's variables; empty on a connection in plain text
            String upper = name.toUpperCase(Locale.ROOT);
            return (r, h) -> tlsVariable(r, upper);
        }
        // SERVER_ADDR is mod_rewrite's alone
        return name.equalsIgnoreCase("SERVER_ADDR") ? null : of(name);
    }

    /** mod_ssl's variable {@code name} ({@code SSL_PROTOCOL}...) of the request's connection, or null. */
    static String tlsVariable(Request r, String name) {
        org.sluice.tls.TlsSession tls = r.connection().tls();
        return tls == null ? null : tls.variable(name);
    }

    /** The variable {@code name} (any case), or null when httpd's table has no such name. */
    private static Variable of(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "HTTP_HOST" -> HTTP_HOST;
            case "HTTP_USER_AGENT" -> HTTP_USER_AGENT;
            case "HTTP_REFERER" -> HTTP_REFERER;
            case "HTTP_COOKIE" -> HTTP_COOKIE;
            case "HTTP_ACCEPT" -> HTTP_ACCEPT;
            case "HTTP_FORWARDED" -> HTTP_FORWARDED;
            case "HTTP_PROXY_CONNECTION" -> HTTP_PROXY_CONNECTION;
            case "REQUEST_URI" -> (r, h) -> r.path();
            case "DOCUMENT_URI" -> (r, h) -> {
                String uri = r.env("DOCUMENT_URI");
                return uri != null ? uri : r.path();
            };
            case "REQUEST_FILENAME", "SCRIPT_FILENAME" -> (r, h) -> r.filename() == null ? null : r.filename().toString();
            case "REQUEST_METHOD" -> (r, h) -> r.method();
            case "REQUEST_SCHEME" -> (r, h) -> r.scheme();
            case "QUERY_STRING" -> (r, h) -> r.query();
            case "THE_REQUEST" -> (r, h) -> r.requestLine();
            case "PATH_INFO" -> (r, h) -> r.pathInfo();
            case "REMOTE_ADDR" -> (r, h) -> r.clientIp();
            // the peer, the proxy's address when a PROXY header named the client, as httpd's c->client_ip
            case "CONN_REMOTE_ADDR" -> (r, h) -> r.connection().peerIp();
            // the name HostnameLookups had looked up, else the address (httpd's REMOTE_NAME)
            case "REMOTE_HOST" -> (r, h) -> r.remoteHost();
            case "REMOTE_PORT" -> (r, h) -> Integer.toString(r.connection().remoteAddress().getPort());
            case "REMOTE_USER" -> (r, h) -> r.user();
            case "REMOTE_IDENT" -> (r, h) -> null;
            case "AUTH_TYPE" -> (r, h) -> r.user() == null ? null : "Basic";
            case "SERVER_ADDR" -> (r, h) -> NetUtil.toAddressString(r.connection().localAddress().getAddress());
            case "SERVER_NAME" -> (r, h) -> {
                String host = r.serverName();
                return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            };
            case "SERVER_PORT" -> (r, h) -> Integer.toString(r.serverPort());
            case "SERVER_PROTOCOL" -> (r, h) -> r.protocol();
            case "SERVER_ADMIN" -> (r, h) -> r.virtualHost().config(HttpServerConfig.KEY).serverAdmin();
            case "SERVER_SOFTWARE" -> (r, h) -> r.virtualHost().config(HttpServerConfig.KEY).serverTokens().banner();
            case "API_VERSION" -> (r, h) -> API_VERSION;
            case "HTTPS" -> (r, h) -> r.connection().tls() != null ? "on" : "off";
            // Sluice's http module speaks HTTP/1 only
            case "HTTP2" -> (r, h) -> "off";
            case "IPV6" -> (r, h) -> isIpV6(r) ? "on" : "off";
            case "IS_SUBREQ" -> (r, h) -> "false";
            case "DOCUMENT_ROOT" -> (r, h) -> documentRoot(r);
            case "CONTEXT_PREFIX" -> (r, h) -> "";
            case "CONTEXT_DOCUMENT_ROOT" -> (r, h) -> r.fileRoot() != null ? r.fileRoot().toString() : documentRoot(r);
            case "CONTENT_TYPE" -> (r, h) -> r.contentType();
            // once the handler runs, httpd names one by the type when none was set
            case "HANDLER" -> (r, h) -> r.handler() != null || r.contentType() == null ? r.handler()
                    : RequestProcessor.mediaType(r.contentType());
            case "REQUEST_STATUS" -> (r, h) -> r.status() == 0 ? null : Integer.toString(r.status());
            case "REQUEST_LOG_ID", "CONN_LOG_ID" -> (r, h) -> null;
            case "LAST_MODIFIED" -> (r, h) -> r.fileAttributes() == null ? null
                    : stamp(LocalDateTime.ofInstant(r.fileAttributes().lastModifiedTime().toInstant(), ZoneId.systemDefault()));
            case "SCRIPT_USER" -> (r, h) -> owner(r, false);
            case "SCRIPT_GROUP" -> (r, h) -> owner(r, true);
            case "TIME" -> (r, h) -> stamp(LocalDateTime.now());
            case "TIME_YEAR" -> (r, h) -> String.format(Locale.ROOT, "%04d", LocalDateTime.now().getYear());
            case "TIME_MON" -> (r, h) -> twoDigits(LocalDateTime.now().getMonthValue());
            case "TIME_DAY" -> (r, h) -> twoDigits(LocalDateTime.now().getDayOfMonth());
            case "TIME_HOUR" -> (r, h) -> twoDigits(LocalDateTime.now().getHour());
            case "TIME_MIN" -> (r, h) -> twoDigits(LocalDateTime.now().getMinute());
            case "TIME_SEC" -> (r, h) -> twoDigits(LocalDateTime.now().getSecond());
            case "TIME_WDAY" -> (r, h) -> Integer.toString(LocalDateTime.now().getDayOfWeek().getValue() % 7);
            default -> null;
        };
    }

    private static Variable header(String name) {
        return (r, headers) -> headers.apply(name);
    }

    private static String twoDigits(int value) {
        return value < 10 ? "0" + value : Integer.toString(value);
    }

    /** {@code 20261128093000}: httpd's {@code %{TIME}} and {@code %{LAST_MODIFIED}}, local time. */
    private static String stamp(LocalDateTime t) {
        return String.format(Locale.ROOT, "%04d%02d%02d%02d%02d%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    }

    static String documentRoot(Request r) {
        return r.virtualHost().config(HttpServerConfig.KEY)
                .documentRoot(r.virtualHost().server().serverRoot()).toAbsolutePath().normalize().toString();
    }

    private static String owner(Request r, boolean group) {
        Path file = r.filename();
        if (file == null || r.fileAttributes() == null) {
            return "";
        }
        try {
            PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class);
            return group ? attributes.group().getName() : attributes.owner().getName();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    /** Whether the client came over IPv6 (not as an IPv4-mapped address), httpd's {@code %{IPV6}}. */
    private static boolean isIpV6(Request r) {
        java.net.InetAddress address = r.clientAddress();
        if (!(address instanceof java.net.Inet6Address)) {
            return false;
        }
        byte[] b = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return true;
            }
        }
        return !(b[10] == (byte) 0xff && b[11] == (byte) 0xff);
    }
}
