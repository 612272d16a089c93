package org.sluice.http;

import io.netty.buffer.ByteBuf;
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
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        byte first = buf.getByte(start);
        if (HttpGrammar.isWhitespace(first)) {
            throw new HttpException(HttpStatus.BAD_REQUEST,
                    section + " line starts with whitespace (obs-fold is not accepted)");
        }
        int colon = buf.indexOf(start, end, (byte) ':');
        if (colon < 0) {
            throw new HttpException(HttpStatus.BAD_REQUEST, section + " field without a colon");
        }
        if (colon == start) {
            throw new HttpException(HttpStatus.BAD_REQUEST, section + " field with an empty name");
        }
        for (int i = start; i < colon; i++) {
            byte b = buf.getByte(i);
            if (!HttpGrammar.isTchar(b)) {
                throw new HttpException(HttpStatus.BAD_REQUEST, HttpGrammar.isWhitespace(b)
                        ? section + " field name followed or broken by whitespace"
                        : section + " field name contains " + HttpGrammar.describe(b));
            }
        }
        int valueStart = colon + 1;
        int valueEnd = end;
        while (valueStart < valueEnd && HttpGrammar.isWhitespace(buf.getByte(valueStart))) {
            valueStart++;
        }
        while (valueEnd > valueStart && HttpGrammar.isWhitespace(buf.getByte(valueEnd - 1))) {
            valueEnd--;
        }
        for (int i = valueStart; i < valueEnd; i++) {
            byte b = buf.getByte(i);
            if (!HttpGrammar.isFieldValueByte(b)) {
                throw new HttpException(HttpStatus.BAD_REQUEST,
                        section + " field value contains the control character " + HttpGrammar.describe(b));
            }
        }
        String name = buf.toString(start, colon - start, StandardCharsets.US_ASCII);
        String value = buf.toString(valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        return new HttpHeaders.Field(name, value);
    }
}
