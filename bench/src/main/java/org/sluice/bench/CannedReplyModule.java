package org.sluice.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * A benchmark instrument, not an HTTP server: the protocol {@code canned-reply} answers every
 * request head it reads with the reply {@link RawNettyHttp} sends. It measures what Sluice's
 * connection machinery costs on its own (a virtual thread per connection, the input and output
 * filter chains, brigades, the hand-over to the event loop) with none of the {@code http}
 * module's work: no parsing, phases, file, date or log.
 *
 * <p>A head is anything up to an empty line; one that holds {@code close} (as in
 * {@code Connection: close}) gets its reply, then the connection closes. Loaded from the bench
 * jar by {@code bench/sluice-canned-bench.conf}; {@code bench/http-bench.sh --targets canned,raw}
 * runs it.
 */
public final class CannedReplyModule implements Module {

    private static final ByteBuf REPLY = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 13\r\n\r\nHello, world\n"
                    .getBytes(StandardCharsets.US_ASCII)).asReadOnly());
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    /** Most bytes one read takes. */
    private static final int READ_SIZE = 64 * 1024;

    @Override
    public String name() {
        return "canned-reply";
    }

    @Override
    public void register(Registry registry) {
        registry.protocol("canned-reply", (ConnectionHandler) CannedReplyModule::serve);
    }

    private static Result serve(Connection c) throws IOException {
        // the end of a head: the bytes of CR LF CR LF seen so far, across reads
        int matched = 0;
        // the last bytes of the current head, to find "close" across reads
        int closeMatched = 0;
        boolean closing = false;
        while (c.input().awaitInput()) {
            int replies = 0;
            try (Brigade in = new Brigade()) {
                if (c.input().read(in, ReadMode.READBYTES, Block.BLOCK, READ_SIZE) != ReadStatus.OK) {
                    break;
                }
                scan:
                for (Bucket b : in) {
                    if (!(b instanceof DataBucket data)) {
                        continue;
                    }
                    ByteBuf bytes = data.content();
                    for (int i = bytes.readerIndex(), end = bytes.writerIndex(); i < end; i++) {
                        byte x = bytes.getByte(i);
                        matched = x == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : x == '\r' ? 1 : 0;
                        closeMatched = x == CLOSE[closeMatched] ? closeMatched + 1 : x == CLOSE[0] ? 1 : 0;
                        if (closeMatched == CLOSE.length) {
                            closing = true;
                            closeMatched = 0;
                        }
                        if (matched == 4) {
                            matched = 0;
                            replies++;
                            if (closing) {
                                break scan;
                            }
                        }
                    }
                }
            }
            if (replies > 0) {
                Brigade out = new Brigade();
                for (int i = 0; i < replies; i++) {
                    out.addLast(DataBucket.of(REPLY.duplicate()));
                }
                c.output().flush(out);
            }
            if (closing && replies > 0) {
                break;
            }
        }
        return Result.OK;
    }
}
