package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Writes a {@link ResponseHead} as bytes: the status line, the header fields (with
 * {@code Date} and {@code Server} added when the head lacks them; {@code Server} says what
 * {@code ServerTokens Full} says) and the empty line.
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

    private final HttpDate date;
    private final ServerTokens serverTokens;

    public ResponseHeadWriter(HttpDate date) {
        this(date, ServerTokens.FULL);
    }

    ResponseHeadWriter(HttpDate date, ServerTokens serverTokens) {
        this.date = date;
        this.serverTokens = serverTokens;
    }

    /**
     * The head as a new buffer from {@code allocator}, which the caller owns.
     *
     * @throws IllegalArgumentException if a name, value or the reason phrase could split the
     *     response
     */
    public ByteBuf write(ResponseHead head, ByteBufAllocator allocator) {
        HttpHeaders headers = head.headers();
        Sink sink = new Sink();
        sink.statusLine(head.version(), head.status(), head.reason());
        if (!headers.contains("Date")) {
            sink.field("Date", date.now());
        }
        if (!headers.contains("Server")) {
            sink.line(serverTokens.serverField());
        }
        for (HttpHeaders.Field field : headers) {
            sink.field(field.name(), field.value());
        }
        return sink.end(allocator);
    }

    /** The date of {@code epochMillis}, as this writer's {@code Date} fields give it. */
    String date(long epochMillis) {
        return date.at(epochMillis);
    }

    /**
     * A head being written: field after field into a byte array that one connection reuses,
     * checked as they go, then copied into a buffer of the exact size in one write.
     */
    static final class Sink {
        private byte[] bytes = new byte[512];
        private int length;

        /** Starts a new head with its status line. */
        void statusLine(HttpVersion version, int status, String reason) {
            length = 0;
            text(version.text());
            put(' ');
            put('0' + status / 100 % 10);
            put('0' + status / 10 % 10);
            put('0' + status % 10);
            put(' ');
            value(reason, null);
            crlf();
        }

        /** One field line; the name must be a token, the value free of CR, LF and other controls. */
        void field(String name, String value) {
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a header field needs a name");
            }
            ensure(name.length() + value.length() + 4);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c > 0xff || !HttpGrammar.isTchar(c)) {
                    throw new IllegalArgumentException("header field name '" + name.replaceAll("[\\r\\n]", "?")
                            + "' is not a token; refusing to write it");
                }
                bytes[length++] = (byte) c;
            }
            bytes[length++] = ':';
            bytes[length++] = ' ';
            value(value, name);
            crlf();
        }

        /** A whole field line, CRLF included, made and checked beforehand. */
        void line(byte[] fieldLine) {
            ensure(fieldLine.length);
            System.arraycopy(fieldLine, 0, bytes, length, fieldLine.length);
            length += fieldLine.length;
        }

        /** A field line with a decimal value. */
        void field(String name, long value) {
            field(name, Long.toString(value));
        }

        /** Ends the head (the empty line) and copies it into a new buffer the caller owns. */
        ByteBuf end(ByteBufAllocator allocator) {
            endOfHead();
            return toBuffer(allocator);
        }

        /** Writes the empty line that ends the head; {@link #append} may add body bytes after it. */
        void endOfHead() {
            crlf();
        }

        /** Appends the readable bytes of {@code content} (a small body sent with its head). */
        void append(ByteBuf content) {
            int n = content.readableBytes();
            ensure(n);
            content.getBytes(content.readerIndex(), bytes, length, n);
            length += n;
        }

        /** Bytes written so far. */
        int length() {
            return length;
        }

        /** What was written, in a new buffer the caller owns. */
        ByteBuf toBuffer(ByteBufAllocator allocator) {
            ByteBuf out = allocator.buffer(length);
            out.writeBytes(bytes, 0, length);
            return out;
        }

        /** Writes a field value ({@code field} names it), or the reason phrase ({@code field} null). */
        private void value(String text, String field) {
            ensure(text.length() + 2);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c > 0xff || !HttpGrammar.isFieldValueByte(c)) {
                    String what = field == null ? "reason phrase" : "value of header field " + field;
                    throw new IllegalArgumentException(what + " contains " + (c == '\r' || c == '\n'
                            ? "CR or LF (response splitting)" : String.format("U+%04X", (int) c))
                            + "; refusing to write it");
                }
                bytes[length++] = (byte) c;
            }
        }

        private void text(String ascii) {
            ensure(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                bytes[length++] = (byte) ascii.charAt(i);
            }
        }

        private void put(int b) {
            ensure(1);
            bytes[length++] = (byte) b;
        }

        private void crlf() {
            ensure(2);
            bytes[length++] = '\r';
            bytes[length++] = '\n';
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
