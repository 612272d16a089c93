package org.sluice.bench;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
  * The baseline of the echo benchmark: the smallest reasonable Netty echo server.
  *
  * <p>One event loop thread (epoll when available, else NIO) both accepts and serves; each read is
  * written back as is ({@code ctx.write}) and flushed once per read burst ({@code ctx.flush} on
  * {@code channelReadComplete}); auto-read and every other option keep Netty's defaults, except
  * that the server channel accepts up to 16 connections per wake-up.
  *
  * <p>Usage: {@code java -cp bench/target/classes:bench/target/lib/* org.sluice.bench.RawNettyEcho
  * PORT [BIND_ADDRESS]} (default address 127.0.0.1). Prints one line when ready and runs until
  * killed.
  */
public final class RawNettyEcho {

    private RawNettyEcho() {}

    /** Echoes every buffer back; shared by all connections since it has no state. */
    @ChannelHandler.Sharable
    static final class EchoHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        RawNettyServer.run("RawNettyEcho", args, new EchoHandler());
    }
}
