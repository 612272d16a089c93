package org.sluice.http;

/**
 * The number a text starts with, read as C's {@code atoi} reads it, since httpd reads many
 * numeric arguments that way ({@code A3600}, {@code R=301}, {@code NameWidth=30}): leading
 * white space and one sign allowed, then digits up to the first other character; 0 when there
 * are none. Capped at {@link Integer#MAX_VALUE} either way, so no text overflows it.
 */
final class LeadingNumber {

    private LeadingNumber() {
    }

    static long of(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean minus = false;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            minus = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            value = Math.min(value * 10 + text.charAt(i) - '0', Integer.MAX_VALUE);
        }
        return minus ? -value : value;
    }
}
