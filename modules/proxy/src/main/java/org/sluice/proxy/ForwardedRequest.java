package org.sluice.proxy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.sluice.http.BodyFraming;
import org.sluice.http.HttpHeaders;
import org.sluice.http.Request;
import org.sluice.server.ServerVersion;

/**
 * The head of the request that goes to the backend, made as httpd's mod_proxy_http makes it:
 * the client's method, the mapped path and query, {@code Host} first (the backend's, or the
 * client's under {@code ProxyPreserveHost On}), then the client's fields without the hop-by-hop
 * ones ({@code Connection} and the fields it names, {@code Keep-Alive}, {@code TE},
 * {@code Trailer}, {@code Upgrade}, {@code Proxy-Authorization}, {@code Proxy-Connection}),
 * without {@code Expect} (the proxy answers {@code 100-continue} itself) and without the
 * framing, which the proxy sets for the body it sends; {@code Via} as {@code ProxyVia} says and
 * {@code X-Forwarded-For}, {@code -Host} and {@code -Server} under {@code ProxyAddHeaders On}.
 */
final class ForwardedRequest {

    private static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "TE", "Trailer", "Upgrade",
            "Proxy-Authorization", "Proxy-Connection", "Transfer-Encoding", "Content-Length", "Expect", "Host");

    private ForwardedRequest() {
    }

    /**
     * The head, ready for the wire.
     *
     * @param framing how the body that follows is sent (NONE when none is)
     * @param close whether to ask the backend to close the connection after its response
     */
    static byte[] head(Request r, BackendUrl url, ProxyDirConfig dir, ProxyServerConfig server, BodyFraming framing,
            boolean close) {
        HttpHeaders in = r.headersIn();
        HttpHeaders.Builder fields = in.toBuilder();
        for (String token : in.all("Connection")) {
            for (String name : token.split(",")) {
                if (!name.isBlank()) {
                    fields.remove(name.strip());
                }
            }
        }
        for (String name : HOP_BY_HOP) {
            fields.remove(name);
        }
        String clientHost = in.get("Host");
        String host = url.hostField();
        if (dir.preserveHost()) {
            host = clientHost != null ? clientHost : r.virtualHost().serverName();
        }
        switch (server.via()) {
            case BLOCK -> fields.remove("Via");
            case ON, FULL -> merge(fields, in, "Via", via(r, server.via()));
            case OFF -> { }
        }
        if (dir.addHeaders()) {
            // the request's client: RemoteIPHeader may have taken it from the header already
            merge(fields, in, "X-Forwarded-For", r.clientIp());
            if (clientHost != null) {
                merge(fields, in, "X-Forwarded-Host", clientHost);
            }
            merge(fields, in, "X-Forwarded-Server", r.virtualHost().serverName());
        }
        StringBuilder head = new StringBuilder(512);
        head.append(r.method()).append(' ').append(url.target()).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(host).append("\r\n");
        for (HttpHeaders.Field field : fields.fields()) {
            head.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        switch (framing.kind()) {
            case LENGTH -> head.append("Content-Length: ").append(framing.length()).append("\r\n");
            case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
            case NONE -> { }
        }
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** httpd's apr_table_mergen: the field's values joined with {@code ", "}, then {@code value}. */
    private static void merge(HttpHeaders.Builder fields, HttpHeaders original, String name, String value) {
        List<String> values = original.all(name);
        fields.remove(name);
        fields.add(name, values.isEmpty() ? value : String.join(", ", values) + ", " + value);
    }

    /** The {@code Via} entry of this proxy: the client's protocol version, this server's name and port. */
    static String via(Request r, ProxyServerConfig.Via via) {
        String version = r.protocol().substring("HTTP/".length());
        int port = r.connection().localAddress().getPort();
        String entry = version + " " + r.virtualHost().serverName() + (port == 80 ? "" : ":" + port);
        return via == ProxyServerConfig.Via.FULL ? entry + " (" + ServerVersion.current() + ")" : entry;
    }
}
