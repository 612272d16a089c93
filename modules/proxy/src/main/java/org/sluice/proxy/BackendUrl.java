package org.sluice.proxy;

import java.util.Locale;

/**
 * An {@code http://} URL a request is forwarded to, split into the backend's address and what
 * goes in the request line.
 *
 * @param host the host name or address, without the brackets of an IPv6 literal
 * @param port the port, 80 when the URL names none
 * @param target the path and query as they go in the request line, never empty ({@code /} at least)
 */
record BackendUrl(String host, int port, String target) {

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException with a message for the user when it is not an
     *     {@code http://host[:port][/path]} URL
     */
    static BackendUrl parse(String url) {
        int colon = url.indexOf("://");
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException(colon < 0 ? "'" + url + "' is not a URL (http://host[:port]/path)"
                    : "scheme " + scheme + ":// is not supported by Sluice: only http:// backends are");
        }
        int start = colon + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        if (authority.indexOf('@') >= 0) {
            throw new IllegalArgumentException("'" + url + "' carries user information, which Sluice does not send");
        }
        String host;
        int port = 80;
        String portText = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + url + "' has an unclosed IPv6 address");
            }
            host = authority.substring(1, close);
            String rest = authority.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + url + "' has something after its IPv6 address");
                }
                portText = rest.substring(1);
            }
        } else {
            int portColon = authority.lastIndexOf(':');
            host = portColon < 0 ? authority : authority.substring(0, portColon);
            portText = portColon < 0 ? null : authority.substring(portColon + 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("'" + url + "' names no host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("'" + url + "' has a host name that is not one");
            }
        }
        if (portText != null && !portText.isEmpty()) {
            if (portText.length() > 5 || !portText.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("'" + url + "' has a port that is not a number");
            }
            port = Integer.parseInt(portText);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + url + "' has a port out of range");
            }
        }
        String target = url.substring(end);
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash);
        }
        if (target.isEmpty() || target.charAt(0) == '?') {
            target = "/" + target;
        }
        return new BackendUrl(host.toLowerCase(Locale.ROOT), port, target);
    }

    /** The {@code Host} field a request to this URL carries: the port only when it is not 80. */
    String hostField() {
        String name = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port == 80 ? name : name + ":" + port;
    }

    /** {@code host:port}, for the log. */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
