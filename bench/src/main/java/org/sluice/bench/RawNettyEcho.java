package org.sluice.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

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
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: RawNettyEcho PORT [BIND_ADDRESS]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String address = args.length > 1 ? args[1] : "127.0.0.1";

        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory ioHandler = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;

        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, ioHandler);
        try {
            EchoHandler echo = new EchoHandler();
            Channel server =
                    new ServerBootstrap()
                            .group(group)
                            .channel(channelClass)
                            .option(
                                    ChannelOption.RCVBUF_ALLOCATOR,
                                    new ServerChannelRecvByteBufAllocator()
                                            .respectMaybeMoreData(false)
                                            .maxMessagesPerRead(16))
                            .childHandler(echo)
                            .bind(address, port)
                            .sync()
                            .channel();
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        server.close().awaitUninterruptibly();
                                        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS)
                                                .awaitUninterruptibly();
                                    },
                                    "raw-echo-shutdown"));
            System.out.println(
                    "RawNettyEcho listening on "
                            + address
                            + ":"
                            + port
                            + " ("
                            + (epoll ? "epoll" : "nio")
                            + ", pid "
                            + ProcessHandle.current().pid()
                            + ")");
            System.out.flush();
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
