package org.sluice.http;

import java.io.IOException;

/**
 * A request the server cannot serve, with the status to answer it with. The protocol sends an
 * error response carrying {@link #status()} and then closes the connection: after a framing or
 * syntax error nothing that follows on the connection can be trusted.
 *
 * <p>It is an {@link IOException} so that it passes unchanged through
 * {@link org.sluice.filter.InputFilter#read input filters}.
 */
public final class HttpException extends IOException {

    private final int status;
    private final String reason;
    private String expect;

    /**
     * @param status the response status, 4xx or 5xx
     * @param reason what was wrong, for the error log (never sent to the client verbatim)
     */
    public HttpException(int status, String reason) {
        super(status + " " + HttpStatus.reasonPhrase(status) + ": " + reason);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.reason = reason;
    }

    /** The status to answer with. */
    public int status() {
        return status;
    }

    /** What was wrong, without the status. */
    public String reason() {
        return reason;
    }

    /** A 417's {@code Expect} field as the client sent it, which the error page shows (as httpd's). */
    HttpException expect(String value) {
        expect = value;
        return this;
    }

    /** The {@code Expect} field of a 417, or null. */
    String expect() {
        return expect;
    }
}
