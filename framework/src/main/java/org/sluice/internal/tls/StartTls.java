package org.sluice.internal.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.Future;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLSession;
import org.sluice.tls.TlsSession;

/**
 * TLS started in the middle of a connection, after a protocol's STARTTLS: the same handlers a
 * TLS address puts in front of the connection at accept, added in front of it now.
 */
public final class StartTls {

    private StartTls() {
    }

    /**
     * Event loop: puts a TLS handler for {@code context} in front of the handler {@code before}
     * (the connection's bridge), whose handshake waits for the client's hello. Every byte read
     * from now on goes through TLS; what was read before stays plain text where it is.
     *
     * @return the handshake, failed by the handler itself when it takes longer than {@code timeoutMillis}
     */
    public static Future<Channel> install(Channel channel, ChannelHandlerContext before, SslContext context,
            long timeoutMillis) {
        SslHandler tls = context.newHandler(channel.alloc());
        tls.setHandshakeTimeoutMillis(Math.max(1, timeoutMillis));
        ChannelPipeline pipeline = channel.pipeline();
        pipeline.addBefore(before.name(), "tls", tls);
        pipeline.addBefore(before.name(), "tls-chunks", new ChunkedWriteHandler());
        pipeline.addBefore(before.name(), "tls-files", new RegionChunks());
        return tls.handshakeFuture();
    }

    /** What the handshake of {@code channel}'s TLS handler agreed on. */
    public static TlsSession session(Channel channel, TlsHosts.Entry host) {
        SSLSession session = channel.pipeline().get(SslHandler.class).engine().getSession();
        return TlsGate.session(session, requestedName(session), host);
    }

    private static String requestedName(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            List<SNIServerName> names = extended.getRequestedServerNames();
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }
}
