package org.sluice.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
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
import java.util.concurrent.TimeUnit;

/**
 * What the raw-Netty baselines share: one event loop (epoll if available), a server channel that
 * accepts 16 connections per wake-up, {@code PORT [BIND_ADDRESS]} arguments, a line saying
 * where it listens, and a clean stop on SIGTERM.
 */
final class RawNettyServer {

    private RawNettyServer() {
    }

    static void run(String name, String[] args, ChannelHandler childHandler) throws InterruptedException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: " + name + " PORT [BIND_ADDRESS]");
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
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(channelClass)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new ServerChannelRecvByteBufAllocator().respectMaybeMoreData(false).maxMessagesPerRead(16))
                    .childHandler(childHandler)
                    .bind(address, port)
                    .sync()
                    .channel();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close().awaitUninterruptibly();
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
            }, name + "-shutdown"));
            System.out.println(name + " listening on " + address + ":" + port + " (" + (epoll ? "epoll" : "nio")
                    + ", pid " + ProcessHandle.current().pid() + ")");
            System.out.flush();
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }
}
