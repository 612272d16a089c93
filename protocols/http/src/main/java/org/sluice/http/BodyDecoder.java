package org.sluice.http;

import io.netty.buffer.ByteBuf;
import org.sluice.brigade.Brigade;

/**
 * Takes a request body off the connection's bytes, incrementally: the bytes may arrive split
 * anywhere. The body's data is appended to a brigade as retained slices of the input (no
 * copies); whatever follows the body (a pipelined request) is left unread in the input.
 *
 * <pre>{@code
 * BodyDecoder body = BodyDecoder.create(head.framing(), limits);   // 413 if Content-Length is too big
 * while (!body.isDone()) {
 *     ByteBuf in = readSomeBytes();          // at end of input: body.finish() throws 400
 *     body.decode(in, brigade);
 *     // bytes left in 'in' belong to the next request
 * }
 * }</pre>
 */
public interface BodyDecoder {

    /**
     * A decoder for a body framed as {@code framing}.
     *
     * @throws HttpException 413 if a Content-Length exceeds {@code LimitRequestBody}
     */
    static BodyDecoder create(BodyFraming framing, HttpLimits limits) throws HttpException {
        return switch (framing.kind()) {
            case NONE -> new ContentLengthDecoder(0, limits);
            case LENGTH -> new ContentLengthDecoder(framing.length(), limits);
            case CHUNKED -> new ChunkedDecoder(limits);
        };
    }

    /**
     * Reads from {@code in} what belongs to the body and appends the body's data to {@code out}.
     * The caller keeps its reference to {@code in}; {@code out} owns what is appended.
     *
     * @throws HttpException if the body is malformed or exceeds {@code LimitRequestBody}
     */
    void decode(ByteBuf in, Brigade out) throws HttpException;

    /** True once the whole body was read; later input is not the body's. */
    boolean isDone();

    /** Body data bytes decoded so far (after de-chunking). */
    long bodyBytes();

    /** Says that the input has ended: fine once {@link #isDone()}, else a 400. */
    default void finish() throws HttpException {
        if (!isDone()) {
            throw new HttpException(HttpStatus.BAD_REQUEST,
                    "input ended inside the request body after " + bodyBytes() + " bytes");
        }
    }
}
