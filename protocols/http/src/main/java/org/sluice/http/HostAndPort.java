package org.sluice.http;

import java.util.Locale;

/**
 * A validated {@code uri-host [ ":" port ]} (RFC 3986 §3.2.2, RFC 9110 §7.2), as found in
 * {@code Host} and in absolute- and authority-form targets.
 *
 * <p>Stricter than RFC 3986 on purpose, like Apache's {@code fix_hostname}: a registered name
 * may hold only letters, digits, {@code -}, {@code .} and {@code _} (no percent-encoding, no
 * sub-delims), an IP literal only an IPv6 address (no IPvFuture), and userinfo is refused.
 *
 * @param host the host, lower-cased; an IPv6 address keeps its brackets
 * @param port the port, or -1 when none (or an empty one, as {@code host:}) was given
 */
public record HostAndPort(String host, int port) {

    /** Recent good parses: clients send the same few hosts over and over. */
    private static final RecentTable<String, HostAndPort> RECENT = new RecentTable<>(64);

    /** Parses {@code text} or throws a 400 naming {@code where} it came from. */
    public static HostAndPort parse(String text, String where) throws HttpException {
        HostAndPort recent = RECENT.get(text);
        if (recent != null) {
            return recent;
        }
        HostAndPort parsed = parseAnew(text, where);
        RECENT.put(text, parsed);
        return parsed;
    }

    private static HostAndPort parseAnew(String text, String where) throws HttpException {
        if (text.isEmpty()) {
            throw bad(where, "is empty");
        }
        int hostEnd;
        if (text.charAt(0) == '[') {
            hostEnd = text.indexOf(']');
            if (hostEnd < 0) {
                throw bad(where, "has an unclosed IPv6 literal");
            }
            hostEnd++;
            checkIpv6(text.substring(1, hostEnd - 1), where);
        } else {
            hostEnd = text.indexOf(':');
            if (hostEnd < 0) {
                hostEnd = text.length();
            }
            checkRegName(text.substring(0, hostEnd), where);
        }
        int port = -1;
        if (hostEnd < text.length()) {
            if (text.charAt(hostEnd) != ':') {
                throw bad(where, "has junk after the host");
            }
            port = parsePort(text.substring(hostEnd + 1), where);
        }
        String host = text.substring(0, hostEnd).toLowerCase(Locale.ROOT);
        if (host.length() > 1 && host.endsWith(".")) {
            // a fully qualified name's root dot: example.org. is example.org (as httpd's fix_hostname)
            host = host.substring(0, host.length() - 1);
        }
        return new HostAndPort(host, port);
    }

    private static void checkRegName(String name, String where) throws HttpException {
        if (name.isEmpty()) {
            throw bad(where, "has an empty host name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(HttpGrammar.isAlpha(c) || HttpGrammar.isDigit(c) || c == '-' || c == '.' || c == '_')) {
                throw bad(where, "holds " + HttpGrammar.describe(c) + " in the host name");
            }
            if (c == '.' && i + 1 < name.length() && name.charAt(i + 1) == '.') {
                throw bad(where, "has two dots in a row in the host name");
            }
        }
    }

    private static void checkIpv6(String address, String where) throws HttpException {
        if (address.indexOf(':') < 0) {
            throw bad(where, "has an IP literal that is not an IPv6 address");
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!(HttpGrammar.hexValue(c) >= 0 || c == ':' || c == '.')) {
                throw bad(where, "holds " + HttpGrammar.describe(c) + " in an IPv6 literal");
            }
        }
    }

    private static int parsePort(String digits, String where) throws HttpException {
        if (digits.isEmpty()) {
            return -1;
        }
        if (digits.length() > 5) {
            throw bad(where, "has a port out of range");
        }
        int port = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!HttpGrammar.isDigit(c)) {
                throw bad(where, "has a port that is not a number");
            }
            port = port * 10 + (c - '0');
        }
        if (port > 65535) {
            throw bad(where, "has a port out of range");
        }
        return port;
    }

    private static HttpException bad(String where, String what) {
        return new HttpException(HttpStatus.BAD_REQUEST, where + " " + what);
    }

    @Override
    public String toString() {
        return port < 0 ? host : host + ":" + port;
    }
}
