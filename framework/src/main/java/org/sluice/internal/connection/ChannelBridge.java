package org.sluice.internal.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler in a connection's Netty pipeline (the only one unless a connection-level
 * handler such as {@link ProxyProtocolHandler} stands before it): passes reads, writability,
 * the end of the client's stream and closure to the {@link ChannelConnection} and counts the
 * bytes written.
 */
public final class ChannelBridge extends ChannelDuplexHandler {

    private final ChannelConnection connection;

    public ChannelBridge(ChannelConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection.start();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buffer) {
            TurnMarkingEventLoopGroup.readOn(ctx.channel().eventLoop());
            connection.received(buffer);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        connection.readComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.inactive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent || event instanceof SslCloseCompletionEvent) {
            // the client sent all it will send (TLS: its close_notify); the handler may still answer
            connection.inputEnded();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.writabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connection.failed(cause);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buffer) {
            connection.countOut(buffer.readableBytes());
        } else if (msg instanceof FileRegion region) {
            connection.countOut(region.count());
        }
        ctx.write(msg, promise);
    }
}
