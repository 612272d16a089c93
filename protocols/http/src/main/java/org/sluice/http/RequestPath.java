package org.sluice.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns the still-encoded path of a request into the decoded, normalised path that is safe to
 * map onto a directory of files: it starts with {@code /}, holds no empty, {@code .} or
 * {@code ..} segment, no NUL, no control character and no backslash, and never climbs above
 * the root.
 *
 * <pre>{@code
 * RequestPath.normalize("/docs/./a%20b//c/../d/")   // "/docs/a b/d/"
 * RequestPath.normalize("/../etc/passwd")           // HttpException 400
 * }</pre>
 *
 * <p>The steps, in this order:
 * <ol>
 *   <li>Percent-decoding, once. An escape that is not {@code %} and two hex digits is a 400.
 *       An encoded slash, backslash or NUL ({@code %2F}, {@code %5C}, {@code %00}) is a
 *       {@value HttpStatus#ENCODED_SEPARATOR}, as Apache answers with its default
 *       {@code AllowEncodedSlashes Off}; any other encoded control character is a 400. What the
 *       decoding produces is never decoded again: {@code %252e} is the three characters
 *       {@code %2e}.
 *   <li>The bytes must be UTF-8 (strictly: overlong forms such as {@code %C0%AE} are a 400).
 *   <li>Repeated slashes are merged, then dot segments removed as in RFC 3986 §5.2.4, except
 *       that a {@code ..} that would climb above the root is a 400 instead of being dropped:
 *       such a request is an attack or a bug, not a link.
 * </ol>
 *
 * <p><b>Backslash</b> is refused rather than taken literally: a literal {@code \} is a 400
 * (it is not a URI character, RFC 3986 §2), and {@code %5C} is treated like an encoded slash.
 * Some file systems read it as a separator, and no portable site needs it in a name.
 */
public final class RequestPath {

    private RequestPath() {
    }

    /**
     * The decoded, normalised form of {@code rawPath}, which must start with {@code /}.
     *
     * @throws HttpException 400 or {@value HttpStatus#ENCODED_SEPARATOR} as described above
     */
    public static String normalize(String rawPath) throws HttpException {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw bad("path does not start with '/'");
        }
        if (isAlreadyNormal(rawPath)) {
            return rawPath;
        }
        String decoded = utf8(percentDecode(rawPath));
        return removeDotSegments(decoded);
    }

    /**
     * True for the common path the steps would return unchanged: printable ASCII without
     * {@code %} or backslash, no repeated slash, and no segment starting with a dot (so no
     * dot segment). Anything else, {@code /.well-known} included, takes the full way.
     */
    private static boolean isAlreadyNormal(String raw) {
        char previous = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '%' || c == '\\' || previous == '/' && (c == '/' || c == '.')) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static ByteBuffer percentDecode(String raw) throws HttpException {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                throw bad("backslash in path");
            }
            if (c <= 0x20 || c >= 0x7f) {
                throw bad("path contains " + HttpGrammar.describe(c));
            }
            if (c != '%') {
                out[n++] = (byte) c;
                continue;
            }
            int high = i + 2 < raw.length() ? HttpGrammar.hexValue(raw.charAt(i + 1)) : -1;
            int low = high >= 0 ? HttpGrammar.hexValue(raw.charAt(i + 2)) : -1;
            if (low < 0) {
                throw bad("invalid percent-escape in path");
            }
            int value = high << 4 | low;
            if (value == 0 || value == '/' || value == '\\') {
                throw new HttpException(HttpStatus.ENCODED_SEPARATOR,
                        "encoded " + (value == 0 ? "NUL" : value == '/' ? "slash" : "backslash") + " in path");
            }
            if (value < 0x20 || value == 0x7f) {
                throw bad("encoded control character in path");
            }
            out[n++] = (byte) value;
            i += 2;
        }
        return ByteBuffer.wrap(out, 0, n);
    }

    private static String utf8(ByteBuffer bytes) throws HttpException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw bad("path is not valid UTF-8");
        }
    }

    private static String removeDotSegments(String path) throws HttpException {
        Deque<String> segments = new ArrayDeque<>();
        boolean directory = false;
        int start = 1;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            String segment = path.substring(start, end);
            boolean last = slash < 0;
            if (segment.isEmpty() || segment.equals(".")) {
                directory = last;
            } else if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw bad("path climbs above the root");
                }
                segments.removeLast();
                directory = last;
            } else {
                segments.addLast(segment);
                directory = false;
            }
            start = end + 1;
        }
        StringBuilder normalized = new StringBuilder(path.length());
        for (String segment : segments) {
            normalized.append('/').append(segment);
        }
        if (directory || segments.isEmpty()) {
            normalized.append('/');
        }
        return normalized.toString();
    }

    /**
     * A decoded path ({@link #normalize}'s result, or a part of one) percent-encoded again for
     * the wire, as httpd's mod_proxy encodes the path it forwards: letters, digits, {@code /} and
     * {@code ~$-_.+!*'(),;:@&=} stay, every other byte of the UTF-8 form becomes {@code %XX}
     * ({@code %} itself too, as the path is decoded).
     *
     * <pre>{@code
     * RequestPath.encode("/a b/caf\u00e9?")   // "/a%20b/caf%C3%A9%3F"
     * }</pre>
     */
    public static String encode(String decoded) {
        byte[] bytes = decoded.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c < 0x80 && "/~$-_.+!*'(),;:@&=".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static HttpException bad(String reason) {
        return new HttpException(HttpStatus.BAD_REQUEST, reason);
    }
}
