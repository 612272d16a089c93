package org.sluice.internal.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;

/**
 * Reads the client's hello for the name it asks for (SNI), picks the virtual host by it, and
 * gives way to a TLS handler with that host's certificate and settings.
 */
final class HostSni extends SniHandler {

    private final TlsHosts hosts;
    private final TlsGate gate;
    private TlsHosts.Entry chosen;

    /**
     * The most a client's hello may hold, against Netty's default of 16 MiB: a browser's is a
     * few KiB, with post-quantum key shares and a session ticket in it.
     */
    static final int MAX_CLIENT_HELLO = 64 * 1024;

    HostSni(TlsHosts hosts, TlsGate gate) {
        // the mapping is never asked: lookup below chooses the host and its context
        super((io.netty.util.Mapping<String, SslContext>) hostname -> null, MAX_CLIENT_HELLO, 0L);
        this.hosts = hosts;
        this.gate = gate;
    }

    @Override
    protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) {
        chosen = hosts.choose(hostname);
        gate.chosen(chosen, hostname);
        return ctx.executor().newSucceededFuture(chosen.context());
    }

    @Override
    protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
        // the context sets SSLHonorCipherOrder and the groups on the engine itself
        SslHandler handler = super.newSslHandler(context, allocator);
        // the gate's timer bounds the whole handshake, with the host's Timeout
        handler.setHandshakeTimeoutMillis(0);
        return handler;
    }
}
