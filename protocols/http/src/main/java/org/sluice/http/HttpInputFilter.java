package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.MetadataBucket;
import org.sluice.connection.Connection;
import org.sluice.filter.Block;
import org.sluice.filter.InputFilter;
import org.sluice.filter.LineTooLongException;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;

/**
 * The HTTP/1.x input filter ({@code HTTP_IN}, PROTOCOL): between requests a read returns the
 * next request head as one {@link HeadBucket}; during a request, reads return the body's data,
 * de-chunked and bounded by {@code LimitRequestBody}, then EOF. It never reads past the end
 * of the body: the body's bytes are looked at (SPECULATIVE) before exactly those are taken, so
 * a pipelined request stays in the connection's input for the next head.
 *
 * <p>The limit is the request's, from its per-directory configuration, taken when the body is
 * first read (by then the phases have found the configuration, as Apache's {@code HTTP_IN}
 * asks {@code ap_get_limit_req_body}): a {@code Content-Length} over it is refused there,
 * before a byte of the body is read or {@code 100 Continue} sent.
 *
 * <p>Any {@link HttpException} it throws leaves the connection unusable: the protocol answers
 * the error and closes.
 */
final class HttpInputFilter implements InputFilter {

    /** The request head, as a metadata bucket. */
    static final class HeadBucket extends MetadataBucket {
        final RequestHead head;

        HeadBucket(RequestHead head) {
            super("HTTP_REQUEST_HEAD");
            this.head = head;
        }
    }

    /** Bytes looked at for a head that arrived whole; a longer one is read line by line. */
    private static final int WHOLE_HEAD_LIMIT = 16 * 1024;

    private final HttpLimits limits;
    private final RequestReadTimeout readTimeout;
    /** The {@code RequestReadTimeout} stage's clock, or null when none runs. */
    private RequestReadTimeout.Clock clock;
    /** True once a byte of the current request's head arrived. */
    private boolean headBegun;
    private boolean bodyClockStarted;
    /** The current request's body framing; null between requests (the next read is a head). */
    private BodyFraming framing;
    /** The request whose {@code LimitRequestBody} applies, once known. */
    private Request request;
    /** Made when the body is first read. */
    private BodyDecoder body;
    private boolean continuePending;
    private RequestHeadParser parser;
    /** The parser of this connection's heads, made once and reset for each. */
    private RequestHeadParser spareParser;

    HttpInputFilter(HttpLimits limits, RequestReadTimeout readTimeout) {
        this.limits = limits;
        this.readTimeout = readTimeout;
        // the first request's head is timed from the connection's start, as Apache does
        clock = RequestReadTimeout.Clock.start(readTimeout.header(), "request head");
    }

    /** The request line of the head in progress or just refused, as read; null when none was. */
    String requestLineRead() {
        return parser == null ? null : parser.requestLineRead();
    }

    /** True once a byte of the head in progress arrived. */
    boolean headStarted() {
        return headBegun || parser != null && parser.hasStarted();
    }

    /** The request the current body belongs to: its per-directory {@code LimitRequestBody} applies. */
    void request(Request r) {
        this.request = r;
    }

    /** True once the current request's body was read to its end (at once for a request without one). */
    boolean bodyDone() {
        return body != null ? body.isDone() : framing == null || !framing.hasBody();
    }

    /**
     * Starts reading the body, if that was not done yet: checks a {@code Content-Length}
     * against the request's {@code LimitRequestBody}, reading nothing.
     *
     * @throws HttpException 413 if the declared length exceeds the limit
     */
    void beginBody() throws HttpException {
        if (body == null && framing != null) {
            long limit = request == null ? limits.requestBody()
                    : request.last().config(HttpDirConfig.KEY).limitRequestBody();
            body = BodyDecoder.create(framing, limits.withRequestBody(limit));
        }
    }

    /** True while {@code 100 Continue} was awaited and not yet sent. */
    boolean continuePending() {
        return continuePending;
    }

    /**
     * The final response to the current request is being sent: {@code 100 Continue} is no
     * longer sent, whatever reads the body afterwards.
     */
    void responseStarted() {
        continuePending = false;
    }

    /** Forgets the current request and its read deadline; the next read returns the next head. */
    void nextRequest(Connection connection) {
        framing = null;
        request = null;
        body = null;
        continuePending = false;
        parser = null;
        headBegun = false;
        bodyClockStarted = false;
        // between requests KeepAliveTimeout applies; the head's clock starts with its first byte
        clock = null;
        connection.readDeadline(Long.MAX_VALUE);
    }

    @Override
    public ReadStatus read(Context ctx, Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
        if (framing == null) {
            return readHead(ctx, into);
        }
        return readBody(ctx, into, block, readBytes);
    }

    private ReadStatus readHead(Context ctx, Brigade into) throws IOException {
        RequestHead whole = readWholeHead(ctx);
        if (whole != null) {
            return begin(whole, into);
        }
        parser = freshParser();
        try (Brigade line = new Brigade()) {
            while (true) {
                ReadStatus status;
                try {
                    status = timedRead(ctx, line, ReadMode.GETLINE, Block.BLOCK, parser.lineLimit());
                } catch (LineTooLongException e) {
                    throw parser.lineTooLong();
                }
                if (status == ReadStatus.EOF && line.length() == 0) {
                    if (!parser.hasStarted()) {
                        return ReadStatus.EOF;
                    }
                    throw new HttpException(HttpStatus.BAD_REQUEST, "connection closed inside the request head");
                }
                if (clock != null) {
                    clock.received(line.length());
                }
                ByteBuf bytes = line.flattenToBuffer();
                RequestHead head;
                try {
                    head = parser.offer(bytes);
                } finally {
                    bytes.release();
                    line.cleanup();
                }
                if (head != null) {
                    return begin(head, into);
                }
            }
        }
    }

    private RequestHeadParser freshParser() {
        if (spareParser == null) {
            spareParser = new RequestHeadParser(limits);
            return spareParser;
        }
        return spareParser.reset();
    }

    private ReadStatus begin(RequestHead head, Brigade into) {
        clock = null;
        framing = head.framing();
        continuePending = head.expectContinue() && head.framing().hasBody();
        into.addLast(new HeadBucket(head));
        return ReadStatus.OK;
    }

    /**
     * The common case in one go: the whole head is in the first buffer read. Looks at the input
     * (SPECULATIVE), parses the head's lines as slices of that buffer, then takes exactly the
     * head's bytes off the input. Null when the head is not all there, or a line is at or past
     * its limit: the line-by-line reading then starts over and makes the same checks as ever.
     */
    private RequestHead readWholeHead(Context ctx) throws IOException {
        int headLength = 0;
        RequestHead head = null;
        try (Brigade peeked = new Brigade()) {
            if (timedRead(ctx, peeked, ReadMode.SPECULATIVE, Block.BLOCK, 0) != ReadStatus.OK
                    || !(peeked.first() instanceof DataBucket data)) {
                return null;
            }
            if (!headBegun) {
                headBegun = true;
                if (clock == null) {
                    clock = RequestReadTimeout.Clock.start(readTimeout.header(), "request head");
                }
            }
            ByteBuf read = data.content();
            if (read.indexOf(read.readerIndex(), read.writerIndex(), (byte) '\n') < 0) {
                return null;
            }
            // one copy to the heap: the parser then makes its strings from an array, not
            // from a direct buffer a few bytes at a time
            ByteBuf buffer = Unpooled.wrappedBuffer(
                    ByteBufUtil.getBytes(read, read.readerIndex(), Math.min(read.readableBytes(), WHOLE_HEAD_LIMIT)));
            int end = buffer.writerIndex();
            int start = buffer.readerIndex();
            parser = freshParser();
            int position = start;
            while (head == null) {
                int lf = buffer.indexOf(position, end, (byte) '\n');
                if (lf < 0 || lf + 1 - position >= parser.lineLimit()) {
                    parser = null;
                    return null;
                }
                head = parser.offer(buffer, position, lf + 1 - position);
                position = lf + 1;
            }
            headLength = position - start;
        }
        discard(ctx, headLength);
        return head;
    }

    private ReadStatus readBody(Context ctx, Brigade into, Block block, long readBytes) throws IOException {
        beginBody();
        if (body.isDone()) {
            return ReadStatus.EOF;
        }
        if (continuePending) {
            continuePending = false;
            Brigade interim = new Brigade();
            interim.addLast(new ContinueBucket());
            interim.addFlush();
            ctx.connection().output().pass(interim);
        }
        if (!bodyClockStarted) {
            bodyClockStarted = true;
            clock = RequestReadTimeout.Clock.start(readTimeout.body(), "request body");
        }
        long max = readBytes > 0 ? readBytes : 65536;
        try (Brigade peeked = new Brigade()) {
            ReadStatus status = timedRead(ctx, peeked, ReadMode.SPECULATIVE, block, max);
            if (status == ReadStatus.EOF) {
                body.finish();
                return ReadStatus.EOF;
            }
            if (status == ReadStatus.AGAIN) {
                return status;
            }
            long consumed = 0;
            for (Bucket b : peeked) {
                if (body.isDone()) {
                    break;
                }
                if (b instanceof DataBucket data) {
                    ByteBuf in = data.content();
                    int before = in.readableBytes();
                    body.decode(in, into);
                    consumed += before - in.readableBytes();
                }
            }
            discard(ctx, consumed);
            if (clock != null) {
                clock.received(consumed);
            }
        }
        return ReadStatus.OK;
    }

    /**
     * A read that may wait: no longer than {@code Timeout} for each new piece, and no longer
     * than the running stage has left in all (the connection's read deadline).
     */
    private ReadStatus timedRead(Context ctx, Brigade into, ReadMode mode, Block block, long bytes)
            throws IOException {
        Connection connection = ctx.connection();
        if (clock == null) {
            connection.readDeadline(Long.MAX_VALUE);
            return ctx.readNext(into, mode, block, bytes);
        }
        if (clock.expired()) {
            throw clock.timeout();
        }
        connection.readDeadline(clock.deadline());
        try {
            return ctx.readNext(into, mode, block, bytes);
        } catch (SocketTimeoutException e) {
            throw clock.expired() ? clock.timeout() : e;
        }
    }

    /** Takes {@code count} bytes, already decoded from a speculative read, off the input. */
    private static void discard(Context ctx, long count) throws IOException {
        long left = count;
        try (Brigade taken = new Brigade()) {
            while (left > 0) {
                if (ctx.readNext(taken, ReadMode.READBYTES, Block.BLOCK, left) != ReadStatus.OK) {
                    throw new HttpException(HttpStatus.BAD_REQUEST, "input ended inside the request body");
                }
                left -= taken.length();
                taken.cleanup();
            }
        }
    }

    /** Asks the output filter for an interim {@code 100 Continue}. */
    static final class ContinueBucket extends MetadataBucket {
        ContinueBucket() {
            super("HTTP_CONTINUE");
        }
    }
}
