package org.sluice.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The first handler of a connection to a TLS address: looks at the first byte the client
 * sends. A TLS record (or an SSLv2-style hello) goes on to SNI and the handshake; anything
 * else is a client speaking plain text to a TLS port, which the {@link TlsGate} is told of,
 * with the bytes passed on untouched.
 */
final class TlsDetector extends ByteToMessageDecoder {

    /** The user event that tells the gate the client speaks plain text. */
    static final Object PLAINTEXT = new Object() {
        @Override
        public String toString() {
            return "PLAINTEXT";
        }
    };

    private final TlsHosts hosts;
    private final TlsGate gate;

    TlsDetector(TlsHosts hosts, TlsGate gate) {
        this.hosts = hosts;
        this.gate = gate;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        int first = in.getUnsignedByte(in.readerIndex());
        // change_cipher_spec, alert, handshake, application_data; or a two-byte SSLv2 header
        if (first >= 20 && first <= 23 || first >= 0x80) {
            ctx.pipeline().replace(this, "tls", new HostSni(hosts, gate));
        } else {
            ctx.fireUserEventTriggered(PLAINTEXT);
            ctx.pipeline().remove(this);
        }
    }
}
