package org.sluice.filter;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes a stream of byte chunks into text, keeping the bytes of a character split between
 * two chunks until the rest arrives. Malformed or unmappable input becomes the charset's
 * replacement character; decoding never fails.
 */
final class TextDecoder {

    /** More bytes than any charset needs for one character; what is carried never exceeds it. */
    static final int CARRY_LIMIT = 16;

    private final CharsetDecoder decoder;
    private final ByteBuffer carry = ByteBuffer.allocate(CARRY_LIMIT);
    private final CharBuffer chars = CharBuffer.allocate(4096);

    TextDecoder(Charset charset) {
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** Bytes of an incomplete character held until the next chunk. */
    int carried() {
        return carry.position();
    }

    /** Appends to {@code text} the characters that {@code bytes} completes. */
    void decode(ByteBuf bytes, StringBuilder text) {
        if (bytes.readableBytes() == 0) {
            return;
        }
        for (ByteBuffer in : bytes.nioBuffers(bytes.readerIndex(), bytes.readableBytes())) {
            decode(in, text);
        }
    }

    private void decode(ByteBuffer in, StringBuilder text) {
        // Finish the character carried over, one byte at a time: it needs only a few.
        while (carry.position() > 0 && in.hasRemaining()) {
            carry.put(in.get());
            carry.flip();
            decode(carry, false, text);
            carry.compact();
            if (!carry.hasRemaining()) {
                // Cannot happen with a sane charset; give up on these bytes rather than grow.
                carry.flip();
                decodeToEnd(carry, text);
                carry.clear();
            }
        }
        if (carry.position() > 0) {
            return;
        }
        decode(in, false, text);
        if (in.remaining() > carry.capacity()) {
            decodeToEnd(in, text);
        }
        carry.put(in);
    }

    /** Appends what is carried, as replacement characters, and starts afresh (at end of stream). */
    void finish(StringBuilder text) {
        carry.flip();
        decodeToEnd(carry, text);
        carry.clear();
    }

    private void decode(ByteBuffer in, boolean endOfInput, StringBuilder text) {
        CoderResult result;
        do {
            chars.clear();
            result = decoder.decode(in, chars, endOfInput);
            text.append(chars.flip());
        } while (result.isOverflow());
    }

    /** Decodes {@code in} as the last input, then readies the decoder for a new stream. */
    private void decodeToEnd(ByteBuffer in, StringBuilder text) {
        decode(in, true, text);
        CoderResult result;
        do {
            chars.clear();
            result = decoder.flush(chars);
            text.append(chars.flip());
        } while (result.isOverflow());
        decoder.reset();
    }
}
