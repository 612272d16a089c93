package org.sluice.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's client side: a single event loop thread (epoll when available, else
 * NIO) that every connection of a scenario shares, so that the generator uses one core.
 *
 * <p>Scenario state is confined to that thread; the main thread only starts phases and reads
 * results through {@link #call}, which gives the needed happens-before edges.
 */
final class Transport implements AutoCloseable {

    private final boolean epoll = Epoll.isAvailable();
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;

    Transport() {
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, factory);
        loop = group.next();
    }

    String name() {
        return epoll ? "epoll" : "nio";
    }

    /** A bootstrap on the single loop for connections handled by {@code handler}. */
    Bootstrap bootstrap(ChannelHandler handler) {
        Class<? extends Channel> channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        return new Bootstrap().group(loop).channel(channelClass).handler(handler);
    }

    /** Runs {@code task} on the event loop and waits for its result. */
    <T> T call(Callable<T> task) throws InterruptedException {
        try {
            return loop.submit(task).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("task on the event loop failed", e.getCause());
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
