package org.sluice.http;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.sluice.access.HostnameLookups;
import org.sluice.log.LogItem;
import org.sluice.log.LogItem.Redirected;
import org.sluice.module.Registry;
import org.sluice.server.VirtualHost;

/**
 * The request codes of {@code LogFormat}, as mod_log_config defines them. For an event that
 * is not an HTTP request (a plain connection's line) they print what the connection knows, or
 * {@code -}. Each item describes the request it is given: the original request or the final
 * one of an internal redirect ({@code ErrorDocument}, {@code DirectoryIndex}), as the code's
 * {@code <} or {@code >} modifier asks, else as Apache's default for the code is: {@code %s},
 * {@code %U} and {@code %r} the original request, the others the final one.
 */
final class HttpLogItems {

    private HttpLogItems() {
    }

    static void register(Registry registry) {
        registry.logItem('r', Redirected.ORIGINAL, arg -> request((line, r) -> wire(line, r.requestLine())));
        registry.logItem('s', Redirected.ORIGINAL, arg -> request((line, r) -> line.append(r.status())));
        registry.logItem('U', Redirected.ORIGINAL, arg -> request((line, r) -> wire(line, r.path())));
        registry.logItem('b', arg -> request((line, r) -> {
            long n = r.bodyBytesSent();
            if (n == 0) {
                line.append('-');
            } else {
                line.append(n);
            }
        }));
        registry.logItem('B', arg -> request((line, r) -> line.append(r.bodyBytesSent())));
        registry.logItem('q', arg -> request((line, r) -> {
            if (r.query() != null) {
                LogItem.appendEscaped(line.append('?'), r.query(), StandardCharsets.ISO_8859_1);
            }
        }));
        registry.logItem('m', arg -> request((line, r) -> wire(line, r.head() == null ? null : r.method())));
        registry.logItem('H', arg -> request((line, r) -> wire(line, r.protocol())));
        registry.logItem('f', arg -> request((line, r) -> text(line,
                r.filename() == null ? null : r.filename().toString())));
        registry.logItem('i', arg -> request((line, r) -> wire(line, arg == null ? null : r.headersIn().get(arg))));
        registry.logItem('o', arg -> request((line, r) -> wire(line, arg == null ? null : headerOut(r, arg))));
        registry.logItem('u', arg -> (line, e) -> {
            String user = e instanceof Request r ? r.user() : e.connection().noteText("user");
            text(line, user);
        });
        // %h and %{c}h: the same unless a PROXY header named the client; %{c}h is then the proxy
        LogItem clientHost = (line, e) -> {
            if (e instanceof Request r) {
                LogItem.appendEscaped(line, r.remoteHost());
            } else {
                LogItem.appendEscaped(line, e.connection().remoteHost().name(HostnameLookups.OFF)
                        .orElse(e.connection().remoteIp()));
            }
        };
        LogItem peer = (line, e) -> {
            if (e.connection().peerAddress() != e.connection().remoteAddress()) {
                line.append(e.connection().peerIp());
            } else {
                clientHost.append(line, e);
            }
        };
        registry.logItem('h', arg -> "c".equals(arg) ? peer : clientHost);
        // %a: the request's client (RemoteIPHeader may have put the proxy's client there);
        // %{c}a: the connection's peer, the proxy's address when a PROXY header named the client
        registry.logItem('a', arg -> "c".equals(arg) ? (line, e) -> line.append(e.connection().peerIp())
                : (line, e) -> line.append(e instanceof Request r ? r.clientIp() : e.connection().remoteIp()));
        registry.logItem('I', arg -> (line, e) -> line.append(e instanceof Request r ? r.bytesReceived() : e.connection().bytesIn()));
        registry.logItem('k', arg -> (line, e) -> line.append(e instanceof Request r ? r.keepAlives() : 0));
        // mod_logio's %^FB (LogIOTrackTTFB On); its trailer items %^ti and %^to are not given
        registry.logItem('^', arg -> {
            if (!"FB".equals(arg)) {
                throw new IllegalArgumentException("Unrecognized LogFormat directive %^" + arg);
            }
            return request((line, r) -> {
                long micros = r.timeToFirstByteMicros();
                if (micros < 0) {
                    line.append('-');
                } else {
                    line.append(micros);
                }
            });
        });
        // httpd's %p: ServerName's port, else the scheme's (80, or 443 on TLS); %{local}p and %{remote}p the connection's
        registry.logItem('p', arg -> "local".equals(arg) ? (line, e) -> line.append(e.connection().localAddress().getPort())
                : "remote".equals(arg) ? (line, e) -> line.append(e.connection().remoteAddress().getPort())
                : (line, e) -> {
                    VirtualHost host = e instanceof Request r ? r.virtualHost() : e.connection().virtualHost();
                    int named = host.serverPort();
                    line.append(named > 0 ? named : Request.secureScheme(e.connection(), host) ? 443 : 80);
                });
        // httpd's %V: by UseCanonicalName, by default the name the client asked for
        registry.logItem('V', arg -> (line, e) -> {
            String host = e instanceof Request r ? r.serverName() : null;
            text(line, host != null ? host : e.connection().virtualHost().serverName());
        });
        registry.logItem('O', arg -> (line, e) -> line.append(e instanceof Request r
                ? r.bytesSent() : e.connection().bytesOut()));
        registry.logItem('S', arg -> (line, e) -> line.append(e instanceof Request r
                ? r.bytesReceived() + r.bytesSent() : e.connection().bytesIn() + e.connection().bytesOut()));
        registry.logItem('C', arg -> request((line, r) -> wire(line, arg == null ? null
                : cookie(r.headersIn().get("Cookie"), arg))));
        registry.logItem('R', arg -> request((line, r) -> text(line, handlerOf(r))));
        // the request's notes (Header note), else the connection's (a pre-connection handler's)
        registry.logItem('n', arg -> (line, e) -> {
            String note = arg == null ? null : e instanceof Request r ? r.note(arg) : null;
            text(line, note != null || arg == null ? note : e.connection().noteText(arg));
        });
    }

    /** The value of cookie {@code name} in a {@code Cookie} field, as mod_log_config's {@code %{name}C} finds it. */
    static String cookie(String field, String name) {
        if (field == null) {
            return null;
        }
        for (String pair : field.split(";")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equals(name)) {
                return pair.substring(equals + 1).strip();
            }
        }
        return null;
    }

    /** {@code %R}: the handler named for the request, or httpd's for a directory. */
    private static String handlerOf(Request r) {
        if (r.handler() != null && !r.handler().isEmpty()) {
            return r.handler();
        }
        return r.fileAttributes() != null && r.fileAttributes().isDirectory() ? "httpd/unix-directory" : null;
    }

    private static LogItem request(BiConsumer<StringBuilder, Request> item) {
        return (line, e) -> {
            if (e instanceof Request r) {
                item.accept(line, r);
            } else {
                line.append('-');
            }
        };
    }

    /**
     * A response header field, as mod_log_config looks it up: {@code Content-Type} is the
     * request's media type without its parameters, {@code Content-Encoding} and
     * {@code Content-Language} the request's own when it has them; any other is taken from the headers out,
     * else from the error headers out.
     */
    private static String headerOut(Request r, String name) {
        if (name.equalsIgnoreCase("Content-Type") && r.contentType() != null) {
            String type = r.contentType();
            int semicolon = type.indexOf(';');
            return semicolon < 0 ? type : type.substring(0, semicolon).strip();
        }
        if (name.equalsIgnoreCase("Content-Encoding") && r.contentEncoding() != null) {
            return r.contentEncoding();
        }
        if (name.equalsIgnoreCase("Content-Language") && r.contentLanguages() != null) {
            return String.join(",", r.contentLanguages());
        }
        String value = r.headersOut().get(name);
        return value != null ? value : r.errorHeadersOut().get(name);
    }

    /** Text as read off the wire (one character per byte), escaped; {@code -} when there is none. */
    private static void wire(StringBuilder line, String value) {
        LogItem.appendEscapedOrDash(line, value, StandardCharsets.ISO_8859_1);
    }

    /** Other text (a user name, a file name), escaped; {@code -} when there is none. */
    private static void text(StringBuilder line, String value) {
        LogItem.appendEscapedOrDash(line, value, StandardCharsets.UTF_8);
    }
}
