package org.sluice.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.stream.ChunkedInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Sends files over TLS. A file bucket reaches the socket as a {@link FileRegion}, which the
 * kernel sends without copying; TLS must encrypt the bytes first, so on a TLS connection this
 * handler turns each region into chunks of one TLS record that the chunked writer reads as the
 * socket takes them: the file is never held in memory whole.
 */
final class RegionChunks extends ChannelOutboundHandlerAdapter {

    /** The most plain text one TLS record carries. */
    static final int CHUNK = 16 * 1024;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof FileRegion region) {
            ctx.write(new Chunks(region), promise);
        } else {
            ctx.write(msg, promise);
        }
    }

    /** A region read a chunk at a time; released when read to its end or when the write fails. */
    private static final class Chunks implements ChunkedInput<ByteBuf> {

        private final FileRegion region;
        private long read;
        private boolean released;

        Chunks(FileRegion region) {
            this.region = region;
        }

        @Override
        public boolean isEndOfInput() {
            return read >= region.count();
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                region.release();
            }
        }

        @Override
        @Deprecated
        public ByteBuf readChunk(ChannelHandlerContext ctx) throws IOException {
            return readChunk(ctx.alloc());
        }

        @Override
        public ByteBuf readChunk(ByteBufAllocator allocator) throws IOException {
            if (isEndOfInput()) {
                return null;
            }
            int size = (int) Math.min(CHUNK, region.count() - read);
            ByteBuf chunk = allocator.heapBuffer(size);
            try {
                Sink sink = new Sink(chunk);
                while (chunk.isWritable()) {
                    long n = region.transferTo(sink, read);
                    if (n <= 0) {
                        throw new IOException("file shorter than the " + region.count() + " bytes to send");
                    }
                    read += n;
                }
                return chunk;
            } catch (IOException | RuntimeException e) {
                chunk.release();
                throw e;
            }
        }

        @Override
        public long length() {
            return region.count();
        }

        @Override
        public long progress() {
            return read;
        }
    }

    /** Takes what fits into one chunk. */
    private record Sink(ByteBuf chunk) implements WritableByteChannel {

        @Override
        public int write(ByteBuffer source) {
            int n = Math.min(source.remaining(), chunk.writableBytes());
            ByteBuffer part = source.slice(source.position(), n);
            chunk.writeBytes(part);
            source.position(source.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
