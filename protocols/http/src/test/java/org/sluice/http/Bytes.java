package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.sluice.brigade.Brigade;

/** Test data as buffers: text is ISO-8859-1, one byte per char, so any byte can be written. */
final class Bytes {

    private Bytes() {
    }

    /**
     * A new pooled direct buffer, like those Netty reads into, holding {@code text}; the caller
     * releases it. (Netty 4.2 does not track unpooled heap buffers, so tests never use them.)
     */
    static ByteBuf of(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
    }

    static String text(ByteBuf buf) {
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** The brigade's data as text; the brigade is cleaned up. */
    static String drain(Brigade brigade) {
        try {
            return brigade.flattenToString(StandardCharsets.ISO_8859_1);
        } finally {
            brigade.cleanup();
        }
    }

    static String repeat(char c, int count) {
        return String.valueOf(c).repeat(count);
    }
}
