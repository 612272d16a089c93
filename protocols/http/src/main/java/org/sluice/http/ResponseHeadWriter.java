package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes a {@link ResponseHead} as bytes: the status line, the header fields (with
 * {@code Date} and {@code Server: Sluice} added when the head lacks them) and the empty line.
 *
 * <pre>{@code
 * ResponseHeadWriter writer = new ResponseHeadWriter(HttpDate.system());
 * ByteBuf bytes = writer.write(ResponseHead.of(200, headers), ctx.alloc());
 * }</pre>
 *
 * <p><b>Response splitting.</b> A header value that reaches a response often comes from the
 * request (a redirect's {@code Location}, say). A CR or LF in it would let the client write
 * its own header fields or a whole second response, so the writer refuses any name that is not
 * a token and any value or reason phrase holding a control character other than HTAB, or a
 * character above U+00FF, with an {@link IllegalArgumentException}, before writing anything.
 */
public final class ResponseHeadWriter {

    /** The {@code Server} field's value. */
    public static final String SERVER = "Sluice";

    private final HttpDate date;

    public ResponseHeadWriter(HttpDate date) {
        this.date = date;
    }

    /**
     * The head as a new buffer from {@code allocator}, which the caller owns.
     *
     * @throws IllegalArgumentException if a name, value or the reason phrase could split the
     *     response
     */
    public ByteBuf write(ResponseHead head, ByteBufAllocator allocator) {
        HttpHeaders headers = head.headers();
        checkText(head.reason(), "reason phrase");
        int size = 64;
        for (HttpHeaders.Field field : headers) {
            checkName(field.name());
            checkText(field.value(), "value of header field " + field.name());
            size += field.name().length() + field.value().length() + 4;
        }
        ByteBuf out = allocator.buffer(size);
        try {
            writeAscii(out, head.version().text());
            out.writeByte(' ');
            writeAscii(out, Integer.toString(head.status()));
            out.writeByte(' ');
            writeLatin1(out, head.reason());
            crlf(out);
            if (!headers.contains("Date")) {
                field(out, "Date", date.now());
            }
            if (!headers.contains("Server")) {
                field(out, "Server", SERVER);
            }
            for (HttpHeaders.Field field : headers) {
                field(out, field.name(), field.value());
            }
            crlf(out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    private static void field(ByteBuf out, String name, String value) {
        writeAscii(out, name);
        out.writeByte(':');
        out.writeByte(' ');
        writeLatin1(out, value);
        crlf(out);
    }

    private static void checkName(String name) {
        if (!HttpGrammar.isToken(name)) {
            throw new IllegalArgumentException("header field name '" + name.replaceAll("[\\r\\n]", "?")
                    + "' is not a token; refusing to write it");
        }
    }

    private static void checkText(String text, String what) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff || !HttpGrammar.isFieldValueByte(c)) {
                throw new IllegalArgumentException(what + " contains " + (c == '\r' || c == '\n'
                        ? "CR or LF (response splitting)" : String.format("U+%04X", (int) c))
                        + "; refusing to write it");
            }
        }
    }

    private static void writeAscii(ByteBuf out, String text) {
        out.writeCharSequence(text, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void writeLatin1(ByteBuf out, String text) {
        out.writeCharSequence(text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void crlf(ByteBuf out) {
        out.writeByte('\r');
        out.writeByte('\n');
    }
}
