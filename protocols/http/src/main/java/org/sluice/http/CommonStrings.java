package org.sluice.http;

import java.nio.charset.StandardCharsets;

/**
 * The methods and header field names that nearly every request carries, as constants, so
 * that parsing a request does not make the same strings anew each time. A name is only taken
 * from here when its bytes are exactly the constant's (same case); any other is made as usual.
 */
final class CommonStrings {

    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};

    private static final String[] FIELD_NAMES = {
        "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection", "Cookie",
        "Referer", "Cache-Control", "Pragma", "Content-Length", "Content-Type", "Transfer-Encoding",
        "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since", "If-Range", "Range",
        "Authorization", "Expect", "Origin", "Upgrade-Insecure-Requests", "Priority", "DNT", "TE",
        "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "X-Forwarded-For",
    };

    private CommonStrings() {
    }

    /** The method in {@code bytes[start, end)}, US-ASCII. */
    static String method(byte[] bytes, int start, int end) {
        return known(METHODS, bytes, start, end);
    }

    /** The field name in {@code bytes[start, end)}, US-ASCII. */
    static String fieldName(byte[] bytes, int start, int end) {
        return known(FIELD_NAMES, bytes, start, end);
    }

    private static String known(String[] candidates, byte[] bytes, int start, int end) {
        int length = end - start;
        for (String candidate : candidates) {
            if (candidate.length() == length && sameBytes(candidate, bytes, start)) {
                return candidate;
            }
        }
        return new String(bytes, start, length, StandardCharsets.US_ASCII);
    }

    private static boolean sameBytes(String ascii, byte[] bytes, int start) {
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[start + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
