package org.sluice.internal.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.sluice.internal.connection.TurnMarkingEventLoopGroup;

/** Native epoll when the platform has it, NIO otherwise. */
record Transport(String name, EventLoopGroup group, Class<? extends ServerChannel> serverChannel) {

    static Transport create(int threads) {
        if (Epoll.isAvailable() && !Boolean.getBoolean("sluice.nio")) {
            return new Transport("epoll", new TurnMarkingEventLoopGroup(threads, EpollIoHandler.newFactory()),
                    EpollServerSocketChannel.class);
        }
        return new Transport("nio", new TurnMarkingEventLoopGroup(threads, NioIoHandler.newFactory()),
                NioServerSocketChannel.class);
    }
}
