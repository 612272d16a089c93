package org.sluice.http;

import java.util.Locale;

/**
 * {@code ServerSignature}: the {@code <address>} line httpd puts at the foot of the pages the
 * server makes itself (error pages, directory listings, the status page), naming the server
 * as {@code ServerTokens} has it, the host and the port the client asked for, and with
 * {@code EMail} a link to {@code ServerAdmin}.
 *
 * <pre>
 * &lt;address&gt;Sluice/0.1.0 (Linux) Java/21.0.5 Server at www.example.org Port 80&lt;/address&gt;
 * </pre>
 */
enum ServerSignature {
    OFF,
    ON,
    EMAIL;

    /** httpd's words for the directive's error. */
    static final String USAGE = "ServerSignature: use one of: off | on | email";

    /** The value a {@code ServerSignature} word names, case-insensitively, or null. */
    static ServerSignature named(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "off" -> OFF;
            case "on" -> ON;
            case "email" -> EMAIL;
            default -> null;
        };
    }

    /**
     * The signature of a page answering {@code r}, after {@code prefix} ({@code "<hr>\n"} on
     * error pages); empty when {@code ServerSignature} is {@code Off} where {@code r} is.
     */
    static String of(Request r, String prefix) {
        ServerSignature signature = r.config(HttpDirConfig.KEY).serverSignature();
        if (signature == OFF) {
            return "";
        }
        HttpServerConfig server = r.virtualHost().config(HttpServerConfig.KEY);
        StringBuilder out = new StringBuilder(128).append(prefix).append("<address>")
                .append(server.serverTokens().banner()).append(" Server at ");
        String name = RequestProcessor.escape(r.serverName());
        if (signature == EMAIL) {
            String admin = server.serverAdmin();
            out.append("<a href=\"").append(isUrl(admin) ? "" : "mailto:").append(RequestProcessor.escape(admin))
                    .append("\">").append(name).append("</a>");
        } else {
            out.append(name);
        }
        return out.append(" Port ").append(r.serverPort()).append("</address>\n").toString();
    }

    /** Whether {@code text} starts with a URL scheme and its colon (httpd's ap_is_url). */
    static boolean isUrl(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            char c = text.charAt(i);
            if (!(c < 0x80 && Character.isLetterOrDigit(c)) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }
}
