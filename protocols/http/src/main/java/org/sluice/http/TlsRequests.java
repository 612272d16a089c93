package org.sluice.http;

import java.util.List;
import org.sluice.connection.Connection;
import org.sluice.hook.Result;
import org.sluice.server.VirtualHost;
import org.sluice.tls.SslDirConfig;
import org.sluice.tls.TlsSession;
import org.sluice.tls.TlsVirtualHosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What mod_ssl does to the requests of a TLS address: refuses plain HTTP sent to it, and a
 * request whose {@code Host} selects a virtual host that the handshake's SNI name did not
 * (when their TLS settings differ); and puts {@code HTTPS=on} (and with
 * {@code SSLOptions +StdEnvVars} the other {@code SSL_*} variables) into the environment.
 */
final class TlsRequests {

    private static final Logger LOG = LoggerFactory.getLogger("org.sluice.ssl");

    private TlsRequests() {
    }

    /**
     * The status refusing {@code request} on its connection, or 0 to serve it.
     *
     * @param handshakeHost the host the connection's TLS handshake was made for
     */
    static int refusal(Request request, VirtualHost handshakeHost) {
        Connection c = request.connection();
        TlsSession tls = c.tls();
        if (tls == null) {
            if (c.note(TlsSession.PLAINTEXT_ON_TLS_ADDRESS) != null) {
                request.notes().put(RequestProcessor.ERROR_NOTES, "Reason: You're speaking plain HTTP to an SSL-enabled"
                        + " server port.<br />\n Instead use the HTTPS scheme to access this URL, please.<br />\n");
                return HttpStatus.BAD_REQUEST;
            }
            return 0;
        }
        String hostName = request.hostName();
        if (tls.serverName() != null) {
            if (hostName == null) {
                LOG.error("{}: Hostname {} provided via SNI, but no hostname provided in HTTP request", request,
                        tls.serverName());
                return HttpStatus.BAD_REQUEST;
            }
            if (request.virtualHost() != handshakeHost
                    && !TlsVirtualHosts.compatible(handshakeHost, request.virtualHost())) {
                LOG.error("{}: Hostname {} provided via SNI and hostname {} provided via HTTP have no compatible SSL"
                        + " setup", request, tls.serverName(), hostName);
                return HttpStatus.MISDIRECTED_REQUEST;
            }
        } else if ((TlsVirtualHosts.strictSniCheck(request.virtualHost()) || TlsVirtualHosts.strictSniCheck(handshakeHost))
                && nameBased(c, handshakeHost)) {
            LOG.info("{}: No hostname was provided via SNI for a name based virtual host", request);
            request.notes().put(RequestProcessor.ERROR_NOTES, "Reason: The client software did not provide a hostname"
                    + " using Server Name Indication (SNI), which is required to access this server.<br />\n");
            return HttpStatus.FORBIDDEN;
        } else if (request.virtualHost() != handshakeHost
                && !TlsVirtualHosts.compatible(handshakeHost, request.virtualHost())) {
            // httpd would renegotiate for the host's settings (client certificates, say);
            // Sluice does not renegotiate, so the client is sent to a connection of its own
            LOG.error("{}: hostname {} provided via HTTP needs another SSL setup than the handshake's (no SNI)",
                    request, hostName);
            return HttpStatus.MISDIRECTED_REQUEST;
        }
        return 0;
    }

    private static boolean nameBased(Connection c, VirtualHost host) {
        List<VirtualHost> hosts = host.server().hostsFor(c.localAddress());
        return hosts.size() > 1;
    }

    /**
     * mod_ssl's access check: a section under {@code SSLRequireSSL} is refused (403) to plain
     * connections; under {@code SSLUserName} the variable's value becomes the request's user.
     */
    static Result access(Request request) {
        SslDirConfig config = request.config(SslDirConfig.KEY);
        TlsSession tls = request.connection().tls();
        if (tls == null && config.sslRequired()) {
            LOG.error("{}: access to {} failed, reason: SSL connection required", request, request.path());
            return Result.error(HttpStatus.FORBIDDEN);
        }
        if (tls != null && config.userName() != null) {
            String user = tls.variable(config.userName());
            if (user != null && !user.isEmpty()) {
                request.user(user);
            } else {
                LOG.warn("{}: Failed to set r->user to '{}'", request, config.userName());
            }
        }
        return Result.DECLINED;
    }

    /**
     * mod_ssl's {@code Require ssl} (the connection has TLS) and {@code Require ssl-verify-client}
     * (and the client's certificate was verified by the CAs: {@code SSL_CLIENT_VERIFY} is
     * {@code SUCCESS}).
     */
    static org.sluice.access.AuthzProvider requireProvider(boolean verifiedClient) {
        String name = verifiedClient ? "ssl-verify-client" : "ssl";
        return new org.sluice.access.AuthzProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Check parse(String arguments) {
                if (!arguments.isBlank()) {
                    throw new IllegalArgumentException("'Require " + name + "' does not take arguments");
                }
                return (access, user) -> {
                    TlsSession tls = access.subject() instanceof Request r ? r.connection().tls() : null;
                    boolean granted = tls != null && (!verifiedClient || "SUCCESS".equals(tls.clientVerify()));
                    return granted ? org.sluice.access.AuthzResult.GRANTED : org.sluice.access.AuthzResult.DENIED;
                };
            }
        };
    }

    /** The fixup: {@code HTTPS=on}, and the {@code SSL_*} variables under {@code SSLOptions +StdEnvVars}. */
    static Result fixup(Request request) {
        TlsSession tls = request.connection().tls();
        if (tls == null) {
            return Result.DECLINED;
        }
        request.env().put("HTTPS", "on");
        if (tls.serverName() != null) {
            request.env().put("SSL_TLS_SNI", tls.serverName());
        }
        if (request.config(SslDirConfig.KEY).has(SslDirConfig.Option.EXPORT_CERT_DATA) && tls.clientCertificate() != null) {
            request.env().put("SSL_CLIENT_CERT", tls.variable("SSL_CLIENT_CERT"));
        }
        if (request.config(SslDirConfig.KEY).has(SslDirConfig.Option.STD_ENV_VARS)) {
            for (String name : TlsSession.STANDARD_VARIABLES) {
                String value = tls.variable(name);
                if (value != null) {
                    request.env().put(name, value);
                }
            }
        }
        return Result.DECLINED;
    }
}
