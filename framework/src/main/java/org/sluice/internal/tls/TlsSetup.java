package org.sluice.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sluice.config.ConfigException;
import org.sluice.internal.connection.ChannelConnection;
import org.sluice.server.VirtualHost;

/**
 * The TLS of one configuration: every host with {@code SSLEngine on} has its context, built
 * (and so checked) when the configuration is read; each connection to an address whose default
 * host has TLS gets the handlers that choose its host by SNI and do the handshake.
 */
public final class TlsSetup {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("org.sluice.ssl");

    private final Map<VirtualHost, TlsHosts.Entry> entries = new IdentityHashMap<>();
    /** What reading the certificates found to warn of, said when the configuration takes effect. */
    private final List<String> warnings = new ArrayList<>();
    /** Hosts with a certificate and {@code SSLEngine} off: their contexts, for a protocol's STARTTLS. */
    private final Map<VirtualHost, TlsHosts.Entry> startTls = new IdentityHashMap<>();

    private TlsSetup() {
    }

    /**
     * Builds the contexts of the hosts that have {@code SSLEngine on}, and of those that have a
     * certificate with {@code SSLEngine} off, whose protocols may start TLS later (STARTTLS).
     */
    public static TlsSetup of(List<? extends VirtualHost> hosts) throws ConfigException {
        TlsSetup setup = new TlsSetup();
        for (VirtualHost host : hosts) {
            SslConfig config = host.config(SslConfig.KEY);
            if (config.enabled()) {
                javax.net.ssl.X509TrustManager clientTrust = TlsContexts.clientTrust(host, config);
                setup.entries.put(host, new TlsHosts.Entry(host, TlsContexts.build(host, config, clientTrust,
                        setup.warnings), config,
                        clientTrust));
            } else if (!config.certificates.isEmpty()) {
                javax.net.ssl.X509TrustManager clientTrust = TlsContexts.clientTrust(host, config);
                setup.startTls.put(host, new TlsHosts.Entry(host, TlsContexts.build(host, config, clientTrust,
                        setup.warnings), config,
                        clientTrust));
            }
        }
        return setup;
    }

    /**
     * The host's TLS a protocol's STARTTLS uses on a connection to {@code host}: null unless the
     * host has a certificate and {@code SSLEngine} off (with it on, TLS starts at the first byte).
     */
    public TlsHosts.Entry startTls(VirtualHost host) {
        return startTls.get(host);
    }

    /**
     * Whether a request for {@code b} may be served on a connection whose handshake was made
     * for {@code a}: both have TLS, with the same protocols, cipher suites and client
     * certificate checks, CRLs included (their own certificates may differ), as mod_ssl's check. A host that
     * asks for client certificates is never reached through a handshake that did not.
     */
    public static boolean compatible(VirtualHost a, VirtualHost b) {
        if (a == b) {
            return true;
        }
        SslConfig x = a.config(SslConfig.KEY);
        SslConfig y = b.config(SslConfig.KEY);
        return x.enabled() && y.enabled() && Objects.equals(x.protocols, y.protocols)
                && Objects.equals(x.cipherSuites, y.cipherSuites)
                && Objects.equals(x.tls13CipherSuites, y.tls13CipherSuites)
                && x.verifyMode().equals(y.verifyMode())
                && Objects.equals(path(x.caCertificateFile), path(y.caCertificateFile))
                && Objects.equals(path(x.caCertificatePath), path(y.caCertificatePath))
                && x.revocationMode().equals(y.revocationMode()) && x.noCrlForCertOk == y.noCrlForCertOk
                && Objects.equals(path(x.caRevocationFile), path(y.caRevocationFile))
                && Objects.equals(path(x.caRevocationPath), path(y.caRevocationPath));
    }

    private static java.nio.file.Path path(SslConfig.FileAt file) {
        return file == null ? null : file.path();
    }

    /** Whether {@code host} has {@code SSLEngine on}. */
    public static boolean enabled(VirtualHost host) {
        return host.config(SslConfig.KEY).enabled();
    }

    /** {@code SSLStrictSNIVHostCheck} of {@code host}. */
    public static boolean strictSni(VirtualHost host) {
        return host.config(SslConfig.KEY).strictSni();
    }

    /**
     * Logs what the certificates gave to warn of, once the configuration is in force (as
     * mod_ssl does when it starts; {@code -t} says only whether the configuration is valid).
     */
    public void logWarnings() {
        for (String warning : warnings) {
            log.warn(warning);
        }
    }

    /** Whether any host has TLS. */
    public boolean any() {
        return !entries.isEmpty();
    }

    /**
     * The TLS side of an address, from its hosts in order (the default first): null when its
     * default host has no TLS, and the address is plain text.
     */
    public TlsHosts hostsOn(List<? extends VirtualHost> addressHosts) {
        if (addressHosts.isEmpty() || !entries.containsKey(addressHosts.get(0))) {
            return null;
        }
        List<TlsHosts.Entry> on = new ArrayList<>();
        for (VirtualHost host : addressHosts) {
            TlsHosts.Entry e = entries.get(host);
            if (e != null) {
                on.add(e);
            }
        }
        return new TlsHosts(on);
    }

    /**
     * Puts TLS into a new connection's pipeline, before its bridge: the connection starts once
     * the handshake is done (or the client turned out to speak plain text).
     *
     * @param address what {@link #hostsOn} gave for the connection's address
     */
    public static void install(Channel channel, ChannelConnection connection, TlsHosts address, long timeoutNanos) {
        TlsGate gate = new TlsGate(connection, timeoutNanos);
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast("tls-detect", new TlsDetector(address, gate));
        pipeline.addLast("tls-chunks", new ChunkedWriteHandler());
        pipeline.addLast("tls-files", new RegionChunks());
        pipeline.addLast("tls-gate", gate);
    }
}
