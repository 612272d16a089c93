package org.sluice.internal.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header (version 1, text, or 2, binary) that a proxy sends before
 * its client's first byte, and makes the header's source address the connection's client
 * address ({@code RemoteIPProxyProtocol On}). Put first in the pipeline, it places Netty's
 * decoder in front of itself:
 *
 * <pre>
 *   socket ─▶ HAProxyMessageDecoder ─▶ ProxyProtocolHandler ─▶ ... ─▶ ChannelBridge
 *                      │ header                  │ client address, then channelActive
 *                      └ bytes after the header ─┴──────────────────▶ the protocol
 * </pre>
 *
 * <p>{@code channelActive} is held back from the handlers behind it until the header has been
 * read, so the connection's handler thread (which {@link ChannelBridge#channelActive} starts)
 * never runs for a connection without one, and sees the client's address from its first
 * moment. Then both handlers leave the pipeline; what followed the header in the same read
 * reaches the protocol intact.
 *
 * <p>A connection whose first bytes are not a valid header, whose header is longer than the
 * protocol allows (107 bytes of text, 232 bytes of binary, as httpd), or that has not sent its
 * whole header within {@code Timeout}, is closed without a reply and logged with the peer's
 * address. {@code PROXY UNKNOWN} and version 2's {@code LOCAL} keep the peer's address.
 *
 * <p><b>Security:</b> whoever may connect to an address with this handler can claim to be any
 * client; let only the proxy reach it.
 */
public final class ProxyProtocolHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger("org.sluice.remoteip");

    private final ChannelConnection connection;
    private Decoder decoder;
    private ScheduledFuture<?> deadline;
    /** The header was read, or the connection refused: nothing more to say about it. */
    private boolean settled;

    public ProxyProtocolHandler(ChannelConnection connection) {
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        decoder = new Decoder();
        ctx.pipeline().addBefore(ctx.name(), null, decoder);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (log.isDebugEnabled()) {
            log.debug("client {}: RemoteIPProxyProtocol: enabled on connection to {}:{}", peer(),
                    NetUtil.toAddressString(connection.local().getAddress()), connection.local().getPort());
        }
        deadline = ctx.executor().schedule(() -> refuse(ctx, "no complete PROXY header within Timeout ("
                + connection.timeoutSeconds() + "s)"), connection.timeoutNanos(), TimeUnit.NANOSECONDS);
        // held back: the protocol begins once the header is read
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            // a refused connection's last bytes
            ReferenceCountUtil.release(msg);
            return;
        }
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        InetSocketAddress client;
        try {
            client = clientOf(header);
        } finally {
            header.release();
        }
        if (client == null) {
            refuse(ctx, "unsupported protocol " + String.format("%02x", protocol.byteValue()));
            return;
        }
        settled = true;
        deadline.cancel(false);
        if (log.isDebugEnabled()) {
            log.debug("client {}: RemoteIPProxyProtocol: received valid PROXY header: {}:{}", peer(),
                    NetUtil.toAddressString(client.getAddress()), client.getPort());
        }
        if (client != connection.peerAddress()) {
            connection.proxiedClient(client);
        }
        // the header came from the client's connection: %I counts it, as httpd's does
        connection.countIn(decoder.headerBytes());
        ctx.fireChannelActive();
        // the decoder leaves after this read and hands what followed the header to the next handler
        ctx.pipeline().remove(this);
    }

    /** The client the header names; the peer for UNKNOWN and LOCAL; null for a protocol other than TCP. */
    private InetSocketAddress clientOf(HAProxyMessage header) {
        if (header.command() == HAProxyCommand.LOCAL || header.proxiedProtocol() == HAProxyProxiedProtocol.UNKNOWN) {
            return connection.peerAddress();
        }
        if (header.proxiedProtocol() != HAProxyProxiedProtocol.TCP4 && header.proxiedProtocol() != HAProxyProxiedProtocol.TCP6) {
            return null;
        }
        // a literal address Netty has checked: nothing is looked up
        return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(header.sourceAddress()),
                header.sourcePort());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // the protocol has not begun
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            endedEarly();
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof HAProxyProtocolException) {
            refuse(ctx, reason(cause));
        } else if (!settled) {
            settled = true;
            log.info("client {}: RemoteIPProxyProtocol: connection failed before a complete header was received: {}",
                    peer(), cause.toString());
            ctx.close();
        }
    }

    /** Tells the bridge, which counts the connection out: it ended before its protocol began. */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        endedEarly();
        ctx.fireChannelInactive();
    }

    /** The client ended its side before a whole header came (at httpd's level for it, info). */
    private void endedEarly() {
        if (!settled) {
            settled = true;
            log.info("client {}: RemoteIPProxyProtocol: connection closed before a complete header was received", peer());
        }
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (settled) {
            return;
        }
        settled = true;
        log.error("client {}: RemoteIPProxyProtocol: {}", peer(), reason);
        ctx.close();
    }

    private String peer() {
        return connection.peerIp() + ":" + connection.peerAddress().getPort();
    }

    /** Netty's reason, without the exception class names it wraps around it. */
    private static String reason(Throwable cause) {
        Throwable innermost = cause;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage();
        if (message == null) {
            return "invalid PROXY header";
        }
        if (message.startsWith("No enum constant ")) {
            // Netty's word for a version 1 family it does not know
            return "unknown family '" + message.substring(message.lastIndexOf('.') + 1) + "'";
        }
        return "invalid PROXY header: " + message;
    }

    /**
     * Netty's decoder (no TLVs past the address block, as httpd), which refuses a connection as
     * soon as its first bytes cannot begin a header, or a binary header says it is longer than
     * allowed: Netty's would wait for a line end or for the bytes announced, up to {@code Timeout}.
     */
    private static final class Decoder extends HAProxyMessageDecoder {

        private static final byte[] TEXT_SIGNATURE = {'P', 'R', 'O', 'X', 'Y', ' '};
        private static final byte[] BINARY_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
        /** A binary header's fixed part: the signature, version and command, family, and the length of the rest. */
        private static final int BINARY_FIXED = 16;
        /** The longest address block httpd takes (two UNIX socket paths), so no TLVs. */
        private static final int BINARY_MAX_ADDRESSES = 216;

        private byte[] signature;
        /** How many of the first bytes were checked. */
        private int seen;
        private boolean checked;
        private int binaryLength;
        private long received;

        Decoder() {
            super(0);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof ByteBuf bytes) {
                received += bytes.readableBytes();
            }
            if (!checked && msg instanceof ByteBuf bytes) {
                String problem = check(bytes);
                if (problem != null) {
                    bytes.release();
                    checked = true;
                    ctx.fireExceptionCaught(new HAProxyProtocolException(problem));
                    return;
                }
            }
            super.channelRead(ctx, msg);
        }

        /** While the decoded header is being passed on: its length, what came in less what is left. */
        long headerBytes() {
            return received - internalBuffer().readableBytes();
        }

        /** Looks at the first bytes as they come: null while they may still begin a header. */
        private String check(ByteBuf bytes) {
            for (int i = bytes.readerIndex(); i < bytes.writerIndex() && !checked; i++) {
                byte b = bytes.getByte(i);
                if (signature == null) {
                    signature = b == TEXT_SIGNATURE[0] ? TEXT_SIGNATURE : BINARY_SIGNATURE;
                }
                if (seen < signature.length && b != signature[seen]) {
                    return "the connection begins with neither 'PROXY ' nor the version 2 signature";
                }
                if (signature == BINARY_SIGNATURE && seen >= BINARY_FIXED - 2) {
                    binaryLength = binaryLength << 8 | b & 0xff;
                }
                seen++;
                checked = seen == (signature == TEXT_SIGNATURE ? TEXT_SIGNATURE.length : BINARY_FIXED);
            }
            if (checked && binaryLength > BINARY_MAX_ADDRESSES) {
                return "header length (" + (BINARY_FIXED + binaryLength) + ") exceeds the allowed maximum ("
                        + (BINARY_FIXED + BINARY_MAX_ADDRESSES) + ")";
            }
            return null;
        }
    }
}
