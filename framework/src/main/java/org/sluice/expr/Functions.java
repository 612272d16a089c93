package org.sluice.expr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** The functions that need nothing but their argument, as httpd's core gives them to every expression. */
final class Functions {

    /** What {@code escape} leaves as it is besides letters and digits (httpd's path-safe characters). */
    private static final String SAFE = "$-_.+!*'(),:;@&=~/";

    private Functions() {
    }

    /**
     * The built-in function {@code name} (lower case), or null if it is not one.
     *
     * @throws ExpressionException for those Sluice refuses
     */
    static Vocabulary.Function<Object> of(String name) throws ExpressionException {
        return switch (name) {
            case "tolower" -> (c, e, s) -> s.toLowerCase(Locale.ROOT);
            case "toupper" -> (c, e, s) -> s.toUpperCase(Locale.ROOT);
            case "escape" -> (c, e, s) -> escape(s);
            case "unescape" -> (c, e, s) -> unescape(s);
            case "base64" -> (c, e, s) -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
            case "unbase64" -> (c, e, s) -> unbase64(s);
            case "md5" -> (c, e, s) -> digest("MD5", s);
            case "sha1" -> (c, e, s) -> digest("SHA-1", s);
            case "osenv" -> (c, e, s) -> System.getenv(s);
            case "file", "filesize" -> throw new ExpressionException("Function '" + name
                    + "' is not supported by Sluice (an expression does not read files)");
            case "ldap" -> throw new ExpressionException("Function 'ldap' is not supported by Sluice");
            default -> null;
        };
    }

    static String escape(String s) {
        StringBuilder out = null;
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean safe = b < 0x80 && (Character.isLetterOrDigit(b) || SAFE.indexOf(b) >= 0);
            if (!safe && out == null) {
                out = new StringBuilder(bytes.length + 16);
                out.append(new String(bytes, 0, i, StandardCharsets.UTF_8));
            }
            if (out != null) {
                if (safe) {
                    out.append((char) b);
                } else {
                    out.append('%').append(Character.toLowerCase(Character.forDigit(b >> 4, 16)))
                            .append(Character.toLowerCase(Character.forDigit(b & 15, 16)));
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /** %XX decoded, {@code %2F} kept; "" for a bad escape or an encoded NUL, as httpd gives. */
    static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '%') {
                out.write(bytes[i]);
                continue;
            }
            int high = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
            int low = high >= 0 ? Character.digit(bytes[i + 2], 16) : -1;
            if (low < 0) {
                return "";
            }
            int b = high * 16 + low;
            if (b == 0) {
                return "";
            }
            if (b == '/') {
                out.write(bytes, i, 3);
            } else {
                out.write(b);
            }
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String unbase64(String s) {
        try {
            return new String(Base64.getMimeDecoder().decode(s), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String digest(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
