package org.sluice.internal.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.sluice.internal.connection.ChannelConnection;
import org.sluice.tls.TlsSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a TLS connection back from its protocol until the handshake is done: it keeps the
 * channel's activation from the connection, and passes it on once the handshake succeeded, with
 * the virtual host SNI chose and what the handshake agreed set on the connection. A handshake
 * that fails, or does not end within the host's {@code Timeout}, closes the connection before
 * any protocol sees it.
 */
final class TlsGate extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger("org.sluice.ssl");

    private final ChannelConnection connection;
    private final long timeoutNanos;
    private ScheduledFuture<?> timer;
    private TlsHosts.Entry chosen;
    private String serverName;

    TlsGate(ChannelConnection connection, long timeoutNanos) {
        this.connection = connection;
        this.timeoutNanos = timeoutNanos;
    }

    /** SNI chose {@code entry} for the name the client sent (null if none). */
    void chosen(TlsHosts.Entry entry, String name) {
        chosen = entry;
        serverName = name;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            log.info("connection {} from {}: no TLS handshake within the Timeout; closing", connection.id(),
                    connection.remoteIp());
            ctx.close();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        // held back: the connection starts when the handshake is done
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                connection.tls(session(ssl.engine().getSession(), serverName, chosen));
                connection.virtualHost(chosen.host());
                open(ctx);
            } else {
                log.info("connection {} from {}: SSL handshake failed: {}", connection.id(), connection.remoteIp(),
                        done.cause().toString());
                ctx.close();
            }
            return;
        }
        if (event == TlsDetector.PLAINTEXT) {
            connection.note(TlsSession.PLAINTEXT_ON_TLS_ADDRESS, Boolean.TRUE);
            open(ctx);
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (timer != null && !connection.started()) {
            // a failed handshake: its completion event says why, and closes
            log.debug("connection {} from {}: {}", connection.id(), connection.remoteIp(), cause.toString());
            ctx.close();
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private void open(ChannelHandlerContext ctx) {
        cancelTimer();
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    /**
     * What {@code session} agreed on, with the name the client sent by SNI (null if none), for
     * {@code host}, whose settings say how a client's certificate was taken.
     */
    static TlsSession session(SSLSession session, String serverName, TlsHosts.Entry host) {
        String suite = session.getCipherSuite();
        String openSsl = io.netty.handler.ssl.CipherSuiteConverter.toOpenSsl(suite, false);
        byte[] id = session.getId();
        StringBuilder hex = new StringBuilder(id.length * 2);
        for (byte b : id) {
            hex.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
        X509Certificate[] chain = clientChain(session);
        String verify = "NONE";
        if (chain != null) {
            // under optional_no_ca the handshake took any certificate: say whether the CAs vouch for it
            verify = host.config().verifyMode().equals("optional_no_ca")
                    && !TlsContexts.vouches(host.clientTrust(), chain) ? "GENEROUS" : "SUCCESS";
        }
        return new TlsSession(session.getProtocol(), openSsl != null ? openSsl : suite, bits(suite),
                serverName == null ? null : serverName.toLowerCase(Locale.ROOT), hex.toString(), verify,
                chain == null ? null : chain[0]);
    }

    /** The client's certificate chain, or null if it sent none. */
    private static X509Certificate[] clientChain(SSLSession session) {
        try {
            java.security.cert.Certificate[] certificates = session.getPeerCertificates();
            X509Certificate[] chain = new X509Certificate[certificates.length];
            for (int i = 0; i < certificates.length; i++) {
                chain[i] = (X509Certificate) certificates[i];
            }
            return chain.length == 0 ? null : chain;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The cipher's key size, from the suite's name (AES_128, AES_256, CHACHA20: 256). */
    static int bits(String suite) {
        if (suite.contains("_256_") || suite.contains("CHACHA20")) {
            return 256;
        }
        if (suite.contains("_128_")) {
            return 128;
        }
        if (suite.contains("3DES")) {
            return 168;
        }
        return 0;
    }
}
