package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.sluice.brigade.Brigade;

/**
 * Decodes the chunked transfer coding (RFC 9112 §7.1), strictly:
 * <ul>
 *   <li>a chunk size is hexadecimal digits only (no sign, no {@code 0x}, at most
 *       {@value #MAX_SIZE_DIGITS} digits, no overflow), optionally followed by whitespace and
 *       {@code ;extensions}, which are bounded to {@link HttpLimits#CHUNK_EXTENSION_LIMIT}
 *       bytes per chunk, checked for control characters and otherwise ignored;
 *   <li>every line ends with CRLF, and chunk data is followed by exactly CRLF; a bare CR or LF
 *       anywhere is a 400;
 *   <li>trailer fields follow the header field rules, are bounded by {@code LimitRequestFields}
 *       and {@code LimitRequestFieldSize}, and are discarded;
 *   <li>the de-chunked size is bounded by {@code LimitRequestBody}: a chunk that would pass it
 *       is refused with {@value HttpStatus#BODY_EXCEEDED} before its data is read.
 * </ul>
 */
public final class ChunkedDecoder implements BodyDecoder {

    static final int MAX_SIZE_DIGITS = 64;

    private enum State { SIZE, SIZE_WHITESPACE, EXTENSION, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, TRAILER_LF, DONE, FAILED }

    private final HttpLimits limits;
    private State state = State.SIZE;
    private int sizeDigits;
    private long chunkSize;
    private int extensionBytes;
    private long remaining;
    private long total;
    private final byte[] trailerLine;
    private int trailerLength;
    private int trailerFields;

    public ChunkedDecoder(HttpLimits limits) {
        this.limits = limits;
        this.trailerLine = new byte[limits.requestFieldSize()];
    }

    /** {@inheritDoc} After it threw, the decoder must not be used again. */
    @Override
    public void decode(ByteBuf in, Brigade out) throws HttpException {
        if (state == State.FAILED) {
            throw new IllegalStateException("the chunked body already failed to decode");
        }
        try {
            decodeAvailable(in, out);
        } catch (HttpException e) {
            state = State.FAILED;
            throw e;
        }
    }

    private void decodeAvailable(ByteBuf in, Brigade out) throws HttpException {
        while (state != State.DONE && in.isReadable()) {
            if (state == State.DATA) {
                int n = (int) Math.min(remaining, in.readableBytes());
                out.addLast(in.readRetainedSlice(n));
                remaining -= n;
                if (remaining == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            byte b = in.readByte();
            state = switch (state) {
                case SIZE -> size(b);
                case SIZE_WHITESPACE -> sizeWhitespace(b);
                case EXTENSION -> extension(b);
                case SIZE_LF -> sizeLineEnd(b);
                case DATA_CR -> expect(b, HttpGrammar.CR, State.DATA_LF);
                case DATA_LF -> expect(b, HttpGrammar.LF, State.SIZE);
                case TRAILER -> trailer(b);
                case TRAILER_LF -> trailerLineEnd(b);
                case DATA, DONE, FAILED -> throw new AssertionError(state);
            };
        }
    }

    private State size(byte b) throws HttpException {
        int digit = HttpGrammar.hexValue(b);
        if (digit >= 0) {
            if (++sizeDigits > MAX_SIZE_DIGITS || chunkSize > (Long.MAX_VALUE >> 4)) {
                throw bad("chunk size too large");
            }
            chunkSize = (chunkSize << 4) | digit;
            return State.SIZE;
        }
        if (sizeDigits == 0) {
            throw bad("chunk size is not a hexadecimal number, found " + HttpGrammar.describe(b));
        }
        return switch (b) {
            case HttpGrammar.CR -> State.SIZE_LF;
            case ';' -> countExtension(State.EXTENSION);
            case HttpGrammar.SP, HttpGrammar.HTAB -> countExtension(State.SIZE_WHITESPACE);
            case HttpGrammar.LF -> throw bad("chunk size line ends with a bare LF");
            default -> throw bad("junk " + HttpGrammar.describe(b) + " after the chunk size");
        };
    }

    private State sizeWhitespace(byte b) throws HttpException {
        return switch (b) {
            case HttpGrammar.SP, HttpGrammar.HTAB -> countExtension(State.SIZE_WHITESPACE);
            case ';' -> countExtension(State.EXTENSION);
            default -> throw bad("whitespace after the chunk size without an extension");
        };
    }

    private State extension(byte b) throws HttpException {
        if (b == HttpGrammar.CR) {
            return State.SIZE_LF;
        }
        if (b == HttpGrammar.LF) {
            throw bad("chunk size line ends with a bare LF");
        }
        if (!HttpGrammar.isFieldValueByte(b)) {
            throw bad("chunk extension contains the control character " + HttpGrammar.describe(b));
        }
        return countExtension(State.EXTENSION);
    }

    private State countExtension(State next) throws HttpException {
        if (++extensionBytes > HttpLimits.CHUNK_EXTENSION_LIMIT) {
            throw bad("chunk extensions longer than " + HttpLimits.CHUNK_EXTENSION_LIMIT + " bytes");
        }
        return next;
    }

    private State sizeLineEnd(byte b) throws HttpException {
        if (b != HttpGrammar.LF) {
            throw bad("bare CR in a chunk size line");
        }
        long size = chunkSize;
        chunkSize = 0;
        sizeDigits = 0;
        extensionBytes = 0;
        if (size == 0) {
            return State.TRAILER;
        }
        if (limits.requestBody() > 0 ? size > limits.requestBody() - total : size > Long.MAX_VALUE - total) {
            throw new HttpException(HttpStatus.BODY_EXCEEDED,
                    "chunked body exceeds LimitRequestBody " + limits.requestBody());
        }
        total += size;
        remaining = size;
        return State.DATA;
    }

    private static State expect(byte b, byte wanted, State next) throws HttpException {
        if (b != wanted) {
            throw bad("chunk data not followed by CRLF");
        }
        return next;
    }

    private State trailer(byte b) throws HttpException {
        if (b == HttpGrammar.CR) {
            return State.TRAILER_LF;
        }
        if (b == HttpGrammar.LF) {
            throw bad("trailer line ends with a bare LF");
        }
        if (trailerLength == trailerLine.length) {
            throw new HttpException(HttpStatus.FIELDS_EXCEEDED,
                    "trailer field longer than LimitRequestFieldSize " + limits.requestFieldSize());
        }
        trailerLine[trailerLength++] = b;
        return State.TRAILER;
    }

    private State trailerLineEnd(byte b) throws HttpException {
        if (b != HttpGrammar.LF) {
            throw bad("bare CR in the trailer section");
        }
        if (trailerLength == 0) {
            return State.DONE;
        }
        if (limits.fieldsExceed(++trailerFields)) {
            throw new HttpException(HttpStatus.FIELDS_EXCEEDED,
                    "more trailer fields than LimitRequestFields " + limits.requestFields());
        }
        FieldLineParser.parse(Unpooled.wrappedBuffer(trailerLine, 0, trailerLength), "trailer");
        trailerLength = 0;
        return State.TRAILER;
    }

    private static HttpException bad(String reason) {
        return new HttpException(HttpStatus.BAD_REQUEST, reason);
    }

    @Override
    public boolean isDone() {
        return state == State.DONE;
    }

    @Override
    public long bodyBytes() {
        return total - remaining;
    }
}
