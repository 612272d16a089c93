package org.sluice.http;

import io.netty.buffer.ByteBuf;

/** The character classes of RFC 9110 §5.6 and RFC 3986, as lookup tables over bytes. */
final class HttpGrammar {

    static final byte CR = '\r';
    static final byte LF = '\n';
    static final byte SP = ' ';
    static final byte HTAB = '\t';

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            TCHAR[c] = true;
            TCHAR[c + 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpGrammar() {
    }

    static boolean isTchar(int b) {
        return TCHAR[b & 0xff];
    }

    static boolean isWhitespace(int b) {
        return b == SP || b == HTAB;
    }

    /** A byte that may appear in a field value: VCHAR, obs-text, SP or HTAB, i.e. no CTL but HTAB. */
    static boolean isFieldValueByte(int b) {
        int c = b & 0xff;
        return c == HTAB || (c >= 0x20 && c != 0x7f);
    }

    static boolean isToken(CharSequence text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff || !TCHAR[c]) {
                return false;
            }
        }
        return true;
    }

    static boolean isToken(ByteBuf buf, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isTchar(buf.getByte(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static int hexValue(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** A printable ASCII character other than SP, for quoting bad input in error messages. */
    static String describe(int b) {
        int c = b & 0xff;
        return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("0x%02X", c);
    }
}
