package org.sluice.internal.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.sluice.brigade.Brigade;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;

/** Streams over the core filters, for handlers that work on the raw socket. */
final class SocketStreams {

    private SocketStreams() {
    }

    static final class In extends InputStream {
        private final CoreInputFilter core;
        private final Brigade chunk = new Brigade();

        In(CoreInputFilter core) {
            this.core = core;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            chunk.cleanup();
            if (core.read(chunk, ReadMode.READBYTES, Block.BLOCK, len) == ReadStatus.EOF) {
                return -1;
            }
            ByteBuf all = chunk.flattenToBuffer();
            try {
                int n = all.readableBytes();
                all.readBytes(b, off, n);
                return n;
            } finally {
                all.release();
                chunk.cleanup();
            }
        }

        @Override
        public void close() {
            chunk.cleanup();
        }
    }

    static final class Out extends OutputStream {
        private final CoreOutputFilter core;
        private final Brigade brigade = new Brigade();

        Out(CoreOutputFilter core) {
            this.core = core;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                brigade.addLast(Unpooled.copiedBuffer(b, off, len));
                core.pass(brigade);
            }
        }

        @Override
        public void flush() throws IOException {
            brigade.addFlush();
            core.pass(brigade);
        }
    }
}
