package org.sluice.internal.connection;

import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import java.util.concurrent.Executor;

/**
 * Netty's event loops, marking their turns: a loop's turn changes each time it reads from the
 * network ({@link ChannelBridge} says so). See {@link org.sluice.connection.LoopTurn} for what
 * the turns are good for.
 */
public final class TurnMarkingEventLoopGroup extends MultiThreadIoEventLoopGroup {

    public TurnMarkingEventLoopGroup(int threads, IoHandlerFactory ioHandlerFactory) {
        super(threads, ioHandlerFactory);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new TurnMarkingEventLoop(this, executor, ioHandlerFactory);
    }

    /** The loop has read from the network: a new turn begins. Called on the loop's thread. */
    static void readOn(EventLoop loop) {
        if (loop instanceof TurnMarkingEventLoop marking) {
            marking.turn = new Object();
        }
    }

    /** One loop; each turn is a new object, so no two turns of any loops are ever the same. */
    static final class TurnMarkingEventLoop extends SingleThreadIoEventLoop {
        /** Written by the loop's thread only; read by the handlers it carries. */
        private volatile Object turn = new Object();

        TurnMarkingEventLoop(TurnMarkingEventLoopGroup group, Executor executor, IoHandlerFactory factory) {
            super(group, executor, factory);
        }

        Object turn() {
            return turn;
        }
    }
}
