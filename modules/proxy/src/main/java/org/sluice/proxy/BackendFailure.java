package org.sluice.proxy;

import java.io.IOException;

/**
 * The backend could not be reached, did not answer in time or answered something that is not
 * HTTP: the status the client gets for it (httpd's), while no byte of the response has gone
 * out, and what the error log says.
 */
final class BackendFailure extends IOException {

    private static final long serialVersionUID = 1L;

    /** 502: the backend's answer is not a valid HTTP response, or the connection failed. */
    static final int BAD_GATEWAY = 502;
    /** 503: the backend cannot be connected to. */
    static final int UNAVAILABLE = 503;
    /** 504: the backend did not answer within the timeout. */
    static final int TIMEOUT = 504;

    private final int status;

    BackendFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    BackendFailure(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    int status() {
        return status;
    }

    static BackendFailure malformed(String what) {
        return new BackendFailure(BAD_GATEWAY, "invalid response from the backend: " + what);
    }
}
