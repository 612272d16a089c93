package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/**
 * Splits one header or trailer field line (RFC 9112 §5) into name and value, rejecting every
 * shape that two parsers could read differently.
 */
final class FieldLineParser {

    private FieldLineParser() {
    }

    /**
     * @param buf the line without its CRLF, between readerIndex and writerIndex
     * @param section "header" or "trailer", for messages
     */
    static HttpHeaders.Field parse(ByteBuf buf, String section) throws HttpException {
        return parse(buf, buf.readerIndex(), buf.readableBytes(), section);
    }

    /** As {@link #parse(ByteBuf, String)}, for the {@code length} bytes of {@code buf} from {@code index}. */
    static HttpHeaders.Field parse(ByteBuf buf, int index, int length, String section) throws HttpException {
        if (buf.hasArray()) {
            return parse(buf.array(), buf.arrayOffset() + index, length, section);
        }
        byte[] bytes = ByteBufUtil.getBytes(buf, index, length);
        return parse(bytes, 0, length, section);
    }

    /**
     * Every byte of the line is checked (a CR or LF in it is refused with the other control
     * characters), so callers need not look for them first.
     */
    private static HttpHeaders.Field parse(byte[] line, int start, int length, String section) throws HttpException {
        int end = start + length;
        if (HttpGrammar.isWhitespace(line[start])) {
            throw new HttpException(HttpStatus.BAD_REQUEST,
                    section + " line starts with whitespace (obs-fold is not accepted)");
        }
        int colon = start;
        while (colon < end && line[colon] != ':') {
            byte b = line[colon];
            if (!HttpGrammar.isTchar(b)) {
                throw new HttpException(HttpStatus.BAD_REQUEST, HttpGrammar.isWhitespace(b)
                        ? section + " field name followed or broken by whitespace"
                        : section + " field name contains " + HttpGrammar.describe(b));
            }
            colon++;
        }
        if (colon == end) {
            throw new HttpException(HttpStatus.BAD_REQUEST, section + " field without a colon");
        }
        if (colon == start) {
            throw new HttpException(HttpStatus.BAD_REQUEST, section + " field with an empty name");
        }
        int valueStart = colon + 1;
        int valueEnd = end;
        while (valueStart < valueEnd && HttpGrammar.isWhitespace(line[valueStart])) {
            valueStart++;
        }
        while (valueEnd > valueStart && HttpGrammar.isWhitespace(line[valueEnd - 1])) {
            valueEnd--;
        }
        for (int i = valueStart; i < valueEnd; i++) {
            byte b = line[i];
            if (!HttpGrammar.isFieldValueByte(b)) {
                throw new HttpException(HttpStatus.BAD_REQUEST,
                        section + " field value contains the control character " + HttpGrammar.describe(b));
            }
        }
        String name = CommonStrings.fieldName(line, start, colon);
        String value = new String(line, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        return new HttpHeaders.Field(name, value);
    }
}
