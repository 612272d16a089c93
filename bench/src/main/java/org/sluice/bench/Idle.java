package org.sluice.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle connection: opens many connections in batches, has each echo one line (so
 * the server really set up its per-connection state), then keeps them all open and quiet while
 * an outside observer measures the server, and finally closes them.
 *
 * <p>Coordination with the observer is through files: when every connection is open and has
 * echoed, the scenario writes {@code --ready-file}; it then holds until {@code --release-file}
 * exists or {@code --hold} seconds have passed, whichever comes first.
 */
final class Idle {

    private static final AttributeKey<Integer> RECEIVED = AttributeKey.valueOf("sluice.bench.received");

    /** State shared by all connections; confined to the event loop thread. */
    private static final class Run {
        CountDownLatch batch;
        int echoed;
        int closedEarly;
        boolean closing;
        String error;
    }

    @ChannelHandler.Sharable
    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final Run run;
        private final ByteBuf line;

        Handler(Run run, byte[] line) {
            this.run = run;
            this.line = Unpooled.unreleasableBuffer(Unpooled.directBuffer(line.length).writeBytes(line));
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.channel().attr(RECEIVED).set(0);
            ctx.writeAndFlush(line.duplicate(), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int received = ctx.channel().attr(RECEIVED).get() + in.readableBytes();
            in.release();
            ctx.channel().attr(RECEIVED).set(received);
            if (received == line.readableBytes()) {
                run.echoed++;
                run.batch.countDown();
            } else if (received > line.readableBytes()) {
                fail(ctx, "received more bytes than sent");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!run.closing) {
                run.closedEarly++;
                fail(ctx, "server closed the connection");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(ctx, cause.toString());
            ctx.close();
        }

        private void fail(ChannelHandlerContext ctx, String message) {
            if (run.error == null) {
                run.error = message + " on " + ctx.channel();
            }
            if (run.batch != null) {
                run.batch.countDown();
            }
        }
    }

    private Idle() {}

    static boolean run(Transport transport, Options options) throws InterruptedException, IOException {
        int connections = options.connections(10_000);
        int batchSize = options.batch(500);
        double hold = options.hold(10);
        double timeout = options.timeout(60);
        Path readyFile = options.readyFile();
        Path releaseFile = options.releaseFile();
        Run run = new Run();
        Handler handler = new Handler(run, Lines.line("idle connection ", 64, 7));
        Bootstrap bootstrap = transport.bootstrap(handler);

        List<Channel> channels = new ArrayList<>(connections);
        long start = System.nanoTime();
        for (int opened = 0; opened < connections; ) {
            int size = Math.min(batchSize, connections - opened);
            CountDownLatch batch = new CountDownLatch(size);
            transport.call(() -> run.batch = batch);
            List<ChannelFuture> connects = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                connects.add(bootstrap.connect(options.host(), options.port()));
            }
            for (ChannelFuture connect : connects) {
                channels.add(connect.channel());
                if (!connect.awaitUninterruptibly().isSuccess()) {
                    System.out.printf("idle: connect failed after %d connections: %s%n", opened, connect.cause());
                    closeAll(transport, run, channels);
                    return false;
                }
            }
            boolean echoed = batch.await((long) (timeout * 1000), TimeUnit.MILLISECONDS);
            String error = transport.call(() -> run.error);
            if (!echoed || error != null) {
                System.out.printf("idle: FAILED after %d connections: %s%n", opened,
                        error != null ? error : "no echo within " + timeout + "s");
                closeAll(transport, run, channels);
                return false;
            }
            opened += size;
        }
        double connectSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "idle: %d connections open, each echoed one line, in %.2fs (%.0f/s)%n",
                connections, connectSeconds, connections / connectSeconds);

        if (readyFile != null) {
            Files.writeString(readyFile, connections + "\n", StandardCharsets.US_ASCII);
        }
        long holdUntil = System.nanoTime() + (long) (hold * 1e9);
        while (System.nanoTime() < holdUntil && (releaseFile == null || !Files.exists(releaseFile))) {
            Thread.sleep(50);
        }
        int closedEarly = transport.call(() -> run.closedEarly);
        long closeStart = System.nanoTime();
        closeAll(transport, run, channels);
        double closeSeconds = (System.nanoTime() - closeStart) / 1e9;
        System.out.printf(Locale.ROOT, "idle: held, %d closed early by the server; closed all in %.2fs%n",
                closedEarly, closeSeconds);
        System.out.printf(Locale.ROOT, "RESULT scenario=idle connections=%d connect_seconds=%.3f closed_early=%d%n",
                connections, connectSeconds, closedEarly);
        return closedEarly == 0;
    }

    private static void closeAll(Transport transport, Run run, List<Channel> channels) throws InterruptedException {
        transport.call(() -> run.closing = true);
        for (Channel channel : channels) {
            channel.close();
        }
        for (Channel channel : channels) {
            channel.closeFuture().awaitUninterruptibly();
        }
    }
}
