package org.sluice.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A {@code RewriteMap name type:source}: what {@code ${name:key}} and {@code
 * ${name:key|default}} look up in a rule's substitution or a condition's test string. The
 * types Sluice has are {@code txt:} and {@code rnd:} files ({@link RewriteTextMap}) and
 * httpd's four {@code int:} functions ({@link Internal}).
 *
 * <pre>
 * RewriteMap lower int:tolower
 * RewriteMap moved txt:conf/moved.txt
 * RewriteRule ^/product/(.*) /shop/${moved:${lower:$1}|$1} [R=301,L]
 * </pre>
 */
sealed interface RewriteMap permits RewriteTextMap, RewriteMap.Internal {

    /** The value for {@code key}, or null when the map has none (then the look-up's default applies). */
    String value(String key);

    /** httpd's internal maps, named as {@code int:} names them. */
    enum Internal implements RewriteMap {
        /** {@code int:toupper}: ASCII letters in upper case, as httpd's C-locale function. */
        TOUPPER("toupper") {
            @Override
            public String value(String key) {
                return asciiCase(key, true);
            }
        },
        /** {@code int:tolower}: ASCII letters in lower case. */
        TOLOWER("tolower") {
            @Override
            public String value(String key) {
                return asciiCase(key, false);
            }
        },
        /** {@code int:escape}: %-escaped as httpd's {@code ap_escape_uri} escapes a path. */
        ESCAPE("escape") {
            @Override
            public String value(String key) {
                return RewriteEngine.escape(key);
            }
        },
        /** {@code int:unescape}: %-escapes decoded; a {@code %00} ends the value, a bad escape stays. */
        UNESCAPE("unescape") {
            @Override
            public String value(String key) {
                return unescape(key);
            }
        };

        private final String mapName;

        Internal(String mapName) {
            this.mapName = mapName;
        }

        /** The function {@code int:name} names (case matters, as in httpd), or null. */
        static Internal named(String name) {
            for (Internal function : values()) {
                if (function.mapName.equals(name)) {
                    return function;
                }
            }
            return null;
        }

        private static String asciiCase(String key, boolean upper) {
            char[] chars = null;
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                char changed = upper ? (c >= 'a' && c <= 'z' ? (char) (c - 32) : c)
                        : (c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
                if (changed != c) {
                    if (chars == null) {
                        chars = key.toCharArray();
                    }
                    chars[i] = changed;
                }
            }
            return chars == null ? key : new String(chars);
        }

        private static String unescape(String key) {
            if (key.indexOf('%') < 0) {
                return key;
            }
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            for (int i = 0; i < bytes.length; i++) {
                int c = bytes[i];
                if (c == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                    c = hex(bytes[i + 1]) << 4 | hex(bytes[i + 2]);
                    i += 2;
                    if (c == 0) {
                        // httpd's value is a C string: it ends there
                        break;
                    }
                }
                out.write(c);
            }
            return out.toString(StandardCharsets.UTF_8);
        }

        private static int hex(byte b) {
            return Character.digit(b, 16);
        }
    }
}
