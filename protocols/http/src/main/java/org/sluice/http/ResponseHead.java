package org.sluice.http;

import java.util.Objects;

/**
 * A response's status line and header fields, ready for {@link ResponseHeadWriter}.
 *
 * @param version the version of the status line; Sluice answers HTTP/1.1 even to HTTP/1.0
 *     clients (RFC 9110 §2.5), so this is normally {@link HttpVersion#HTTP_1_1}
 * @param status the three-digit status code
 * @param reason the reason phrase; {@link HttpStatus#reasonPhrase(int)} when built with
 *     {@link #of(int, HttpHeaders)}
 * @param headers the header fields; {@code Date} and {@code Server} are added when absent
 */
public record ResponseHead(HttpVersion version, int status, String reason, HttpHeaders headers) {

    public ResponseHead {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(headers, "headers");
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
    }

    /** An HTTP/1.1 response with the standard reason phrase. */
    public static ResponseHead of(int status, HttpHeaders headers) {
        return new ResponseHead(HttpVersion.HTTP_1_1, status, HttpStatus.reasonPhrase(status), headers);
    }
}
