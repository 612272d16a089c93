package org.sluice.http;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.config.MethodSet;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.FilterType;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;
import org.sluice.log.AccessLog;
import org.sluice.server.Server;
import org.sluice.server.VirtualHost;
import org.sluice.tls.TlsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 process-connection handler: adds {@code HTTP_IN} and {@code HTTP_OUT} to the
 * connection's filters, then reads request after request, serves each through the phases and
 * logs it. Between requests it waits {@code KeepAliveTimeout}; after a framing error it answers
 * with {@code Connection: close} and reads nothing more. The next request is read only when
 * the body of the last one was read to its end before its response started: by the handler,
 * or by {@link Request#discardBody()}.
 */
final class HttpProtocol implements ConnectionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpProtocol.class);

    /** The phases of this protocol's configuration, made when its first connection comes. */
    private volatile PhasePlan plan;
    /** {@code MaxRequestWorkers}' permits, once known (an empty holder when unbounded). */
    private volatile Workers workers;

    private record Workers(Semaphore permits) {
    }

    /** Plain HTTP sent to a TLS address is answered with httpd's 400, which says to use https. */
    @Override
    public boolean answersPlaintextOnTls() {
        return true;
    }

    @Override
    public Result handle(Connection c) throws Exception {
        c.note(AccessLog.PER_REQUEST_LOGGING, Boolean.TRUE);
        HttpServerConfig config = c.virtualHost().config(HttpServerConfig.KEY);
        HttpInputFilter in = new HttpInputFilter(config.limits(), config.requestReadTimeout());
        c.input().add("HTTP_IN", FilterType.PROTOCOL, in);
        c.output().add("HTTP_OUT", FilterType.PROTOCOL, new HttpOutputFilter(config));
        Duration timeout = c.timeout();
        boolean registeredMethods = config.registeredMethods();
        // the host by address, or by the name the client sent by TLS SNI
        VirtualHost addressHost = c.virtualHost();
        boolean tlsChecks = c.tls() != null || c.note(TlsSession.PLAINTEXT_ON_TLS_ADDRESS) != null;
        PhasePlan phases = plan(addressHost.server());
        // the host the last request named, and its virtual host: clients name the same one again
        String lastName = null;
        VirtualHost lastHost = addressHost;
        int served = 0;
        // what the connection had received when the request before the next was logged (%I)
        long received = 0;
        while (true) {
            if (served > 0) {
                c.timeout(config.keepAliveTimeout());
            }
            // the wait for a request, a few frames deep rather than under the filters' read
            if (!c.input().awaitInput()) {
                break;
            }
            RequestHead head;
            try (Brigade bb = new Brigade()) {
                if (c.input().read(bb, ReadMode.READBYTES, Block.BLOCK, 0) != ReadStatus.OK) {
                    break;
                }
                head = headOf(bb);
            } catch (HttpException e) {
                LOG.info("client {}: {}", c.remoteIp(), e.getMessage());
                refuse(c, addressHost, in, phases, e.status(), e.expect());
                break;
            } catch (SocketTimeoutException e) {
                if (in.headStarted()) {
                    LOG.info("client {}: {}", c.remoteIp(), e.getMessage());
                    refuse(c, addressHost, in, phases, HttpStatus.REQUEST_TIMEOUT, null);
                }
                break;
            }
            c.timeout(timeout);
            served++;
            int max = config.maxKeepAliveRequests();
            // after a graceful restart or during a stop (closing), this is the connection's last request
            c.keepAlive(config.keepAlive() && head.keepAlive() && (max == 0 || served < max) && !c.closing());
            String name = head.host();
            if (name == null || !name.equals(lastName)) {
                lastHost = hostFor(c, addressHost, name);
                lastName = name;
            }
            Request request = new Request(c, head, lastHost, in, phases);
            request.keepAlives(served - 1);
            request.bytesInBefore(received);
            in.request(request);
            if (registeredMethods && !MethodSet.STANDARD.contains(head.method())) {
                // HttpProtocolOptions RegisteredMethods: refused as the request line is read, as httpd does
                LOG.debug("{}: Unrecognized HTTP method: '{}' (disallowed by RegisteredMethods)", request, head.method());
                c.keepAlive(false);
                answer(request, HttpStatus.NOT_IMPLEMENTED);
                break;
            }
            int tlsRefusal = tlsChecks ? TlsRequests.refusal(request, addressHost) : 0;
            if (tlsRefusal != 0) {
                if (c.tls() == null) {
                    // plain text on a TLS address: one answer, then the connection closes
                    c.keepAlive(false);
                }
                answer(request, tlsRefusal);
                if (!c.keepAlive() || !in.bodyDone()) {
                    break;
                }
                received = c.bytesIn();
                in.nextRequest(c);
                continue;
            }
            Semaphore workers = workers(addressHost.server());
            if (workers != null && !workers.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("{}: no request worker became free within Timeout (MaxRequestWorkers {})", request,
                        addressHost.server().mainServer().config(HttpServerConfig.KEY).maxRequestWorkers);
                c.keepAlive(false);
                answer(request, HttpStatus.SERVICE_UNAVAILABLE);
                break;
            }
            try {
                RequestProcessor.serve(request);
                log(request);
            } catch (IOException e) {
                // the client went away or stopped reading: logged as aborted, then the connection ends
                request.last().markAborted();
                log(request);
                throw e;
            } finally {
                if (workers != null) {
                    workers.release();
                }
            }
            received = c.bytesIn();
            // a body left unread made the response say Connection: close (HttpOutputFilter);
            // handlers that answer without it discard it first (Request.discardBody)
            if (!c.keepAlive() || c.aborted() || !in.bodyDone()) {
                break;
            }
            in.nextRequest(c);
        }
        return Result.OK;
    }

    private static RequestHead headOf(Brigade bb) throws HttpException {
        for (Bucket b : bb) {
            if (b instanceof HttpInputFilter.HeadBucket head) {
                return head.head;
            }
        }
        throw new HttpException(HttpStatus.BAD_REQUEST, "no request head");
    }

    /** Answers a request that could not be read, and logs it; the connection then closes. */
    private static void refuse(Connection c, VirtualHost host, HttpInputFilter in, PhasePlan phases, int status,
            String expect) throws IOException {
        c.keepAlive(false);
        Request request = new Request(c, null, host, in, phases);
        request.refusedRequestLine(in.requestLineRead());
        if (expect != null) {
            request.notes().put(RequestProcessor.EXPECT_NOTE, expect);
        }
        answer(request, status);
    }

    /** Answers {@code request} with the error {@code status} and logs it. */
    private static void answer(Request request, int status) throws IOException {
        RequestProcessor.sendError(request, status);
        request.end();
        log(request);
    }

    /** The name-based virtual host for {@code name} among those on the connection's address. */
    private static VirtualHost hostFor(Connection connection, VirtualHost addressHost, String name) {
        if (name == null || addressHost.isMainServer()) {
            return addressHost;
        }
        List<VirtualHost> hosts = addressHost.server().hostsFor(connection.localAddress());
        if (hosts.size() == 1 && hosts.get(0) == addressHost) {
            // the only host on the address: the answer whatever the name
            return addressHost;
        }
        for (VirtualHost host : hosts) {
            if (host.matchesName(name)) {
                return host;
            }
        }
        return addressHost;
    }

    /**
     * The plan of {@code server}'s phases. A protocol belongs to one configuration, and its
     * first connection comes while that configuration serves, so the server's hooks then are
     * its own.
     */
    private PhasePlan plan(Server server) {
        PhasePlan p = plan;
        if (p == null) {
            p = new PhasePlan(server);
            plan = p;
        }
        return p;
    }

    /**
     * {@code MaxRequestWorkers} of {@code server} as permits, one per request being served
     * (from its head read to its log line); null when unbounded. Like the plan, made once for
     * the configuration this protocol belongs to.
     */
    private Semaphore workers(Server server) {
        Workers known = workers;
        if (known == null) {
            synchronized (this) {
                known = workers;
                if (known == null) {
                    Integer max = server.mainServer().config(HttpServerConfig.KEY).maxRequestWorkers;
                    known = new Workers(max == null ? null : new Semaphore(max));
                    workers = known;
                }
            }
        }
        return known.permits();
    }

    private static void log(Request request) {
        try {
            request.plan().run(PhasePlan.Phase.LOG_TRANSACTION, request);
        } catch (Exception e) {
            LOG.warn("{}: log_transaction failed", request, e);
        }
    }
}
