package org.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * Bulk throughput: one connection writes a large amount of lines as fast as the server takes
 * them while reading the echo concurrently, then checks that exactly as many bytes came back
 * with the same CRC-32C as were sent.
 */
final class Stream {

    /** Lines are written from a block of whole lines, in chunks of this size. */
    private static final int CHUNK = 64 * 1024;
    private static final int BLOCK_LINES_BYTES = 1024 * 1024;

    private static final class Handler extends ChannelInboundHandlerAdapter {
        private final ByteBuf block;
        private final long total;
        private final CRC32C crc = new CRC32C();
        private final CountDownLatch done = new CountDownLatch(1);
        private long sent;
        private long received;
        private long startNanos;
        private long endNanos;
        private String error;

        Handler(ByteBuf block, long total) {
            this.block = block;
            this.total = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            startNanos = System.nanoTime();
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            Channel channel = ctx.channel();
            boolean wrote = false;
            while (sent < total && channel.isWritable()) {
                int offset = (int) (sent % block.readableBytes());
                int length = (int) Math.min(Math.min(CHUNK, block.readableBytes() - offset), total - sent);
                ctx.write(block.retainedSlice(offset, length), ctx.voidPromise());
                sent += length;
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                received += in.readableBytes();
                if (in.nioBufferCount() == 1) {
                    crc.update(in.nioBuffer());
                } else {
                    for (ByteBuffer buffer : in.nioBuffers()) {
                        crc.update(buffer);
                    }
                }
            } finally {
                in.release();
            }
            if (received > total) {
                finish(ctx, "received " + received + " bytes, more than the " + total + " sent");
            } else if (received == total) {
                finish(ctx, null);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish(ctx, "connection closed after " + received + " of " + total + " bytes came back");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            finish(ctx, cause.toString());
        }

        private void finish(ChannelHandlerContext ctx, String failure) {
            if (done.getCount() == 0) {
                return;
            }
            endNanos = System.nanoTime();
            error = failure;
            done.countDown();
            ctx.close();
        }
    }

    private Stream() {}

    static boolean run(Transport transport, Options options) throws InterruptedException {
        int lineSize = options.lineSize(1024);
        long requested = options.bytes(1L << 30);
        long total = requested / lineSize * lineSize;
        double timeout = options.timeout(300);
        if (total == 0) {
            System.out.println("stream: --bytes must hold at least one line of " + lineSize + " bytes");
            return false;
        }

        // A block of distinct whole lines whose size is a multiple of the chunk size, so that
        // every chunk and the stream as a whole end on a line boundary.
        int linesPerBlock = Math.max(1, BLOCK_LINES_BYTES / lineSize);
        int blockSize = linesPerBlock * lineSize;
        ByteBuf block = Unpooled.directBuffer(blockSize);
        for (int i = 0; i < linesPerBlock; i++) {
            block.writeBytes(Lines.line(String.format(Locale.ROOT, "stream %07d ", i), lineSize, i));
        }
        long expectedCrc = expectedCrc(block, total);

        Handler handler = new Handler(block, total);
        ChannelFuture connect = transport.bootstrap(handler)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024))
                .connect(options.host(), options.port())
                .awaitUninterruptibly();
        if (!connect.isSuccess()) {
            System.out.println("stream: connect failed: " + connect.cause());
            block.release();
            return false;
        }
        System.out.printf(Locale.ROOT, "stream: %d bytes as %d-byte lines on one connection%n", total, lineSize);
        boolean finished = handler.done.await((long) (timeout * 1000), TimeUnit.MILLISECONDS);
        long[] state = transport.call(() -> new long[] {handler.sent, handler.received, handler.crc.getValue(),
                handler.endNanos - handler.startNanos});
        String error = transport.call(() -> handler.error);
        connect.channel().close().awaitUninterruptibly();
        block.release();

        if (!finished) {
            System.out.printf(Locale.ROOT, "stream: FAILED: timed out after %.0fs with %d sent and %d received%n",
                    timeout, state[0], state[1]);
            return false;
        }
        if (error != null) {
            System.out.println("stream: FAILED: " + error);
            return false;
        }
        boolean crcOk = state[2] == expectedCrc;
        double elapsed = state[3] / 1e9;
        double mibPerSecond = total / elapsed / (1024 * 1024);
        System.out.printf(Locale.ROOT, "stream: %d bytes echoed in %.2fs = %.1f MiB/s, CRC-32C %s%n",
                state[1], elapsed, mibPerSecond, crcOk ? "matches" : "DIFFERS");
        System.out.printf(Locale.ROOT, "RESULT scenario=stream bytes=%d seconds=%.3f mib_per_s=%.1f crc=%s%n",
                total, elapsed, mibPerSecond, crcOk ? "ok" : "mismatch");
        return crcOk;
    }

    private static long expectedCrc(ByteBuf block, long total) {
        CRC32C crc = new CRC32C();
        ByteBuffer whole = block.nioBuffer();
        long remaining = total;
        while (remaining > 0) {
            int n = (int) Math.min(whole.remaining(), remaining);
            crc.update(whole.duplicate().limit(n));
            remaining -= n;
        }
        return crc.getValue();
    }
}
