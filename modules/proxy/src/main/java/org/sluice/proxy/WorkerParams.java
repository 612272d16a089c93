package org.sluice.proxy;

import java.time.Duration;

/**
 * The {@code key=value} parameters of a {@code ProxyPass} that Sluice takes (httpd's worker
 * parameters).
 *
 * @param timeout {@code timeout=}: how long to wait for the backend; null for {@code ProxyTimeout}
 * @param connectTimeout {@code connectiontimeout=}: how long to wait for a connection; null for the timeout
 * @param max {@code max=}: idle connections kept for reuse
 * @param ttl {@code ttl=}: how long an idle connection is kept; null for as long as the backend keeps it
 * @param disableReuse {@code disablereuse=On}: a connection per request
 */
record WorkerParams(Duration timeout, Duration connectTimeout, int max, Duration ttl, boolean disableReuse) {

    /** Idle connections kept per backend when {@code max=} does not say. */
    static final int DEFAULT_MAX = 8;

    static final WorkerParams DEFAULTS = new WorkerParams(null, null, DEFAULT_MAX, null, false);

    /** A worker for URLs no {@code ProxyPass} names ({@code RewriteRule [P]}): no reuse, as httpd's default worker. */
    static final WorkerParams NO_REUSE = new WorkerParams(null, null, 0, null, true);
}
