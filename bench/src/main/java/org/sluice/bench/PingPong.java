package org.sluice.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Request/response latency and throughput: each connection sends one line, waits for its whole
 * echo, checks it byte for byte and sends the next. After a warm-up, counts round trips for a
 * fixed time and reports round trips per second and latency percentiles.
 */
final class PingPong {

    /** State shared by all connections; confined to the event loop thread. */
    private static final class Run {
        boolean measuring;
        boolean stopped;
        long roundTrips;
        long[] latencies = new long[1 << 20];
        String error;

        void record(long nanos) {
            if (!measuring) {
                return;
            }
            if (roundTrips == latencies.length && latencies.length < (1 << 26)) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            if (roundTrips < latencies.length) {
                latencies[(int) roundTrips] = nanos;
            }
            roundTrips++;
        }

        void fail(String message) {
            if (error == null) {
                error = message;
            }
            stopped = true;
        }
    }

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final Run run;
        private final ByteBuf line;
        private final byte[] expected;
        private int received;
        private long sentAt;

        Handler(Run run, byte[] expected) {
            this.run = run;
            this.expected = expected;
            this.line = Unpooled.unreleasableBuffer(Unpooled.directBuffer(expected.length).writeBytes(expected));
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            send(ctx);
        }

        private void send(ChannelHandlerContext ctx) {
            sentAt = System.nanoTime();
            ctx.writeAndFlush(line.duplicate(), ctx.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                int n = in.readableBytes();
                if (received + n > expected.length) {
                    run.fail("received more bytes than sent on " + ctx.channel());
                    ctx.close();
                    return;
                }
                int base = in.readerIndex();
                for (int i = 0; i < n; i++) {
                    if (in.getByte(base + i) != expected[received + i]) {
                        run.fail("echo differs from the line sent at byte " + (received + i) + " on " + ctx.channel());
                        ctx.close();
                        return;
                    }
                }
                received += n;
            } finally {
                in.release();
            }
            if (received == expected.length) {
                received = 0;
                run.record(System.nanoTime() - sentAt);
                if (!run.stopped) {
                    send(ctx);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!run.stopped) {
                run.fail("server closed " + ctx.channel() + " during the run");
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            run.fail(cause + " on " + ctx.channel());
            ctx.close();
        }
    }

    private PingPong() {}

    static boolean run(Transport transport, Options options) throws InterruptedException {
        int connections = options.connections(64);
        double seconds = options.seconds(10);
        double warmup = options.warmup(3);
        int lineSize = options.lineSize(64);
        Run run = new Run();

        List<Channel> channels = new ArrayList<>(connections);
        List<ChannelFuture> connects = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            byte[] line = Lines.line(String.format(Locale.ROOT, "pingpong %05d ", i), lineSize, i);
            Bootstrap bootstrap = transport.bootstrap(new Handler(run, line));
            connects.add(bootstrap.connect(options.host(), options.port()));
        }
        for (ChannelFuture connect : connects) {
            if (!connect.awaitUninterruptibly().isSuccess()) {
                System.out.println("pingpong: connect failed: " + connect.cause());
                closeAll(connects);
                return false;
            }
            channels.add(connect.channel());
        }
        System.out.printf(Locale.ROOT, "pingpong: %d connections, %d-byte lines, warm-up %.1fs, measuring %.1fs%n",
                connections, lineSize, warmup, seconds);

        Thread.sleep((long) (warmup * 1000));
        long start = transport.call(() -> {
            run.measuring = true;
            return System.nanoTime();
        });
        Thread.sleep((long) (seconds * 1000));
        long[] result = transport.call(() -> {
            run.measuring = false;
            run.stopped = true;
            return new long[] {System.nanoTime() - start, run.roundTrips};
        });
        String error = transport.call(() -> run.error);
        for (Channel channel : channels) {
            channel.close();
        }
        for (Channel channel : channels) {
            channel.closeFuture().awaitUninterruptibly();
        }
        if (error != null) {
            System.out.println("pingpong: FAILED: " + error);
            return false;
        }

        double elapsed = result[0] / 1e9;
        long roundTrips = result[1];
        long[] samples = Arrays.copyOf(run.latencies, (int) Math.min(roundTrips, run.latencies.length));
        Arrays.sort(samples);
        System.out.printf(Locale.ROOT, "pingpong: %d round trips in %.2fs = %.0f round trips/s%n",
                roundTrips, elapsed, roundTrips / elapsed);
        System.out.printf(Locale.ROOT, "pingpong: latency us p50 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                percentile(samples, 0.50), percentile(samples, 0.99), percentile(samples, 0.999),
                percentile(samples, 1.0));
        System.out.printf(Locale.ROOT,
                "RESULT scenario=pingpong connections=%d seconds=%.2f round_trips=%d rtps=%.1f"
                        + " p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f%n",
                connections, elapsed, roundTrips, roundTrips / elapsed,
                percentile(samples, 0.50), percentile(samples, 0.99), percentile(samples, 0.999),
                percentile(samples, 1.0));
        return roundTrips > 0;
    }

    private static void closeAll(List<ChannelFuture> connects) {
        for (ChannelFuture connect : connects) {
            connect.channel().close();
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
