package org.sluice.http;

import io.netty.buffer.ByteBuf;
import org.sluice.brigade.Brigade;

/** A body of exactly {@code Content-Length} bytes (or none, for a length of 0). */
public final class ContentLengthDecoder implements BodyDecoder {

    private final long length;
    private long remaining;

    /**
     * @throws HttpException {@value HttpStatus#BODY_EXCEEDED} if {@code length} exceeds
     *     {@code LimitRequestBody}: refused before a byte of it is read
     */
    public ContentLengthDecoder(long length, HttpLimits limits) throws HttpException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (limits.bodyExceeds(length)) {
            throw new HttpException(HttpStatus.BODY_EXCEEDED, "Content-Length " + length
                    + " exceeds LimitRequestBody " + limits.requestBody());
        }
        this.length = length;
        this.remaining = length;
    }

    @Override
    public void decode(ByteBuf in, Brigade out) {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (n > 0) {
            out.addLast(in.readRetainedSlice(n));
            remaining -= n;
        }
    }

    @Override
    public boolean isDone() {
        return remaining == 0;
    }

    @Override
    public long bodyBytes() {
        return length - remaining;
    }
}
