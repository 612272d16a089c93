package org.sluice.http;

import java.util.Objects;

/**
 * A parsed and validated request line and header section. Everything in it has passed the
 * checks of {@link RequestHeadParser}: a handler may trust the framing and the host.
 *
 * @param method the method token, case-sensitive ({@code GET})
 * @param target the request-target exactly as received
 * @param targetForm which form {@code target} has
 * @param path the still percent-encoded path ({@code /a%20b}); {@code *} for the asterisk
 *     form, empty for the authority form; see {@link RequestPath#normalize(String)}
 * @param query the query without its {@code ?}, or null when the target has none
 * @param version the protocol version
 * @param headers the header fields in the order received
 * @param host the host the request is for, lower-cased: from an absolute-form target, else from
 *     {@code Host}; null only for an HTTP/1.0 request without {@code Host}
 * @param port the port named with the host, or -1 when none was
 * @param framing how the body is delimited
 * @param keepAlive whether the client wishes to keep the connection open afterwards
 * @param expectContinue whether the client awaits {@code 100 Continue} before sending the body
 */
public record RequestHead(
        String method,
        String target,
        TargetForm targetForm,
        String path,
        String query,
        HttpVersion version,
        HttpHeaders headers,
        String host,
        int port,
        BodyFraming framing,
        boolean keepAlive,
        boolean expectContinue) {

    public RequestHead {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetForm, "targetForm");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(framing, "framing");
    }

    /** The value of the first header field named {@code name}, or null. */
    public String header(String name) {
        return headers.get(name);
    }

    /** The request line as received, without CRLF, e.g. for {@code %r} in access logs. */
    public String requestLine() {
        return method + " " + target + " " + version.text();
    }
}
