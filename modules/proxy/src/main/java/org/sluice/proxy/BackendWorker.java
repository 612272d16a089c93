package org.sluice.proxy;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.sluice.access.HostResolver;

/**
 * One backend (httpd's worker): its address, its parameters, and the idle connections kept
 * for reuse, at most {@link WorkerParams#max()} of them. A connection goes back into the pool
 * only after a whole exchange (request sent, response read to its end, the backend keeping
 * it); one taken out is first checked to be still open, and dropped after {@code ttl}.
 *
 * <p>Workers belong to a configuration; when it is replaced or the server stops, the worker is
 * {@linkplain #retire() retired}: its idle connections close, and those still in use close
 * when their exchange ends.
 */
final class BackendWorker {

    private final String scheme;
    private final String host;
    private final int port;
    private final WorkerParams params;
    private final ArrayDeque<BackendConnection> idle = new ArrayDeque<>();
    private boolean retired;

    BackendWorker(BackendUrl url, WorkerParams params) {
        this.scheme = "http";
        this.host = url.host();
        this.port = url.port();
        this.params = params;
    }

    WorkerParams params() {
        return params;
    }

    /** Whether requests to {@code url} go to this worker's backend. */
    boolean serves(BackendUrl url) {
        return host.equals(url.host()) && port == url.port();
    }

    String name() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * A connection to the backend: an idle one that is still usable, else a new one.
     *
     * @throws BackendFailure 503 when no connection can be made, 502 when the name does not resolve
     */
    BackendConnection acquire(Duration connectTimeout, HostResolver resolver) throws BackendFailure {
        long now = System.nanoTime();
        while (true) {
            BackendConnection pooled;
            synchronized (this) {
                pooled = idle.pollLast();
            }
            if (pooled == null) {
                break;
            }
            boolean expired = params.ttl() != null && now - pooled.idleSince() > params.ttl().toNanos();
            if (!expired && pooled.usable()) {
                pooled.reused(true);
                return pooled;
            }
            pooled.close();
        }
        return BackendConnection.open(address(resolver), name(), connectTimeout);
    }

    private InetSocketAddress address(HostResolver resolver) throws BackendFailure {
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(host, literal), port);
            } catch (IOException e) {
                throw new BackendFailure(BackendFailure.BAD_GATEWAY, "not an address: " + host, e);
            }
        }
        // asked without blocking a thread: the handler parks while DNS answers
        List<InetAddress> found = resolver.forward(host);
        if (found.isEmpty()) {
            throw new BackendFailure(BackendFailure.BAD_GATEWAY, "DNS lookup failure for: " + host);
        }
        return new InetSocketAddress(found.get(0), port);
    }

    /** Puts a connection whose exchange ended whole back for reuse, or closes it. */
    void release(BackendConnection connection) {
        if (params.disableReuse() || params.max() <= 0 || !connection.isOpen()) {
            connection.close();
            return;
        }
        connection.idleSince(System.nanoTime());
        BackendConnection evicted = null;
        synchronized (this) {
            if (retired) {
                evicted = connection;
            } else {
                idle.addLast(connection);
                if (idle.size() > params.max()) {
                    evicted = idle.pollFirst();
                }
            }
        }
        if (evicted != null) {
            evicted.close();
        }
    }

    /** Closes the idle connections, and from now on every connection at the end of its exchange. */
    void retire() {
        List<BackendConnection> closing;
        synchronized (this) {
            retired = true;
            closing = new ArrayList<>(idle);
            idle.clear();
        }
        closing.forEach(BackendConnection::close);
    }

    /** Idle connections in the pool now. */
    synchronized int idleCount() {
        return idle.size();
    }

    @Override
    public String toString() {
        return name();
    }
}
