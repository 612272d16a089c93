package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;

/**
 * Frames a response body in the chunked transfer coding, in place in each brigade the body
 * passes through, as Apache's {@code chunk_filter} does: every run of data (and file) buckets
 * up to a metadata bucket becomes one chunk, so a FLUSH sends what was framed so far, and EOS
 * is preceded by the last chunk {@code 0\r\n\r\n}.
 *
 * <pre>
 *   [DATA 5] [FILE 4096] [FLUSH] [DATA 3] [EOS]
 *   ⇒ ["1005\r\n"] [DATA 5] [FILE 4096] ["\r\n"] [FLUSH] ["3\r\n"] [DATA 3] ["\r\n"] ["0\r\n\r\n"] [EOS]
 * </pre>
 *
 * <p>Empty data buckets never become a chunk of their own, since a zero-size chunk would end
 * the body early. File buckets stay file buckets: only the framing is added around them.
 */
public final class ChunkedEncoder {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final ByteBufAllocator allocator;
    private boolean ended;

    public ChunkedEncoder(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /**
     * Adds the chunk framing to {@code brigade}.
     *
     * @throws IllegalStateException if data follows the end of the body
     */
    public void encode(Brigade brigade) {
        Bucket bucket = brigade.first();
        while (bucket != null) {
            if (bucket.isMetadata()) {
                if (bucket.isEos() && !ended) {
                    bucket.insertBefore(bytes(LAST_CHUNK));
                    ended = true;
                }
                bucket = bucket.next();
                continue;
            }
            Bucket first = bucket;
            Bucket last = bucket;
            long length = 0;
            while (bucket != null && !bucket.isMetadata()) {
                length += bucket.length();
                last = bucket;
                bucket = bucket.next();
            }
            if (length > 0) {
                if (ended) {
                    throw new IllegalStateException("response body data after its end");
                }
                first.insertBefore(DataBucket.of(chunkHeader(allocator, length)));
                last.insertAfter(bytes(CRLF));
            }
        }
    }

    /** True once the last chunk was written. */
    public boolean isEnded() {
        return ended;
    }

    /** {@code size} in hexadecimal followed by CRLF, in a new buffer the caller owns. */
    public static ByteBuf chunkHeader(ByteBufAllocator allocator, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("a chunk needs at least one byte, not " + size);
        }
        String hex = Long.toHexString(size);
        ByteBuf header = allocator.buffer(hex.length() + 2);
        header.writeCharSequence(hex, StandardCharsets.US_ASCII);
        header.writeBytes(CRLF);
        return header;
    }

    private DataBucket bytes(byte[] bytes) {
        return DataBucket.of(allocator.buffer(bytes.length).writeBytes(bytes));
    }
}
