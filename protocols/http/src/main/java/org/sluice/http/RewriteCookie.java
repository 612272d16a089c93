package org.sluice.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rule's {@code CO=name:value:domain[:lifetime[:path[:secure[:httponly[:samesite]]]]]}
 * (or, starting with {@code ;}, the same separated by {@code ;}), expanded, as the
 * {@code Set-Cookie} field httpd's mod_rewrite makes of it:
 *
 * <pre>
 * name=value; path=/; domain=.example.com; expires=Sat, 28-Nov-2026 09:09:08 GMT; secure; HttpOnly; SameSite=Lax
 * </pre>
 *
 * <p>As in httpd, empty fields are skipped (so {@code a:b:c::/x} gives a lifetime of
 * {@code /x}), a cookie without a name, value or domain is not set, the lifetime is in minutes
 * from the request's start (0 or none for a session cookie), and each name is set once per
 * request, whatever its internal redirects.
 */
final class RewriteCookie {

    private static final String NOTE_PREFIX = "rewrite-cookie:";
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private RewriteCookie() {
    }

    /** Adds the cookie {@code setting} (expanded) describes to the response, errors included. */
    static void set(RewriteContext context, String setting) {
        Request r = context.request;
        String separator = ":";
        if (setting.startsWith(";")) {
            separator = ";";
            setting = setting.substring(1);
        }
        List<String> fields = fields(setting, separator.charAt(0));
        if (fields.size() < 3) {
            return;
        }
        String name = fields.get(0);
        if (r.note(NOTE_PREFIX + name) != null) {
            context.trace("skipping already set cookie '{}'", name);
            return;
        }
        String cookie = format(fields, r.startMillis());
        r.errorHeadersOut().add("Set-Cookie", cookie);
        r.notes().put(NOTE_PREFIX + name, "set");
        context.trace("setting cookie '{}'", cookie);
    }

    /** The {@code Set-Cookie} value of name, value, domain and the optional fields. */
    static String format(List<String> fields, long requestMillis) {
        StringBuilder cookie = new StringBuilder(fields.get(0)).append('=').append(fields.get(1));
        String lifetime = field(fields, 3);
        String path = field(fields, 4);
        String secure = field(fields, 5);
        String httpOnly = field(fields, 6);
        String sameSite = field(fields, 7);
        cookie.append("; path=").append(path == null ? "/" : path).append("; domain=").append(fields.get(2));
        if (lifetime != null) {
            long minutes = LeadingNumber.of(lifetime);
            if (minutes != 0) {
                cookie.append("; expires=").append(expires(requestMillis / 1000 + 60 * minutes));
            }
        }
        if (secure != null && (secure.equalsIgnoreCase("true") || secure.equals("1")
                || secure.equalsIgnoreCase("secure"))) {
            cookie.append("; secure");
        }
        if (httpOnly != null && (httpOnly.equalsIgnoreCase("true") || httpOnly.equals("1")
                || httpOnly.equalsIgnoreCase("HttpOnly"))) {
            cookie.append("; HttpOnly");
        }
        if (sameSite != null && !sameSite.equals("0") && !sameSite.equalsIgnoreCase("false")) {
            cookie.append("; SameSite=").append(sameSite);
        }
        return cookie.toString();
    }

    private static String field(List<String> fields, int i) {
        return i < fields.size() ? fields.get(i) : null;
    }

    /** The non-empty fields of {@code text}, as C's {@code strtok} gives them. */
    private static List<String> fields(String text, char separator) {
        List<String> fields = new ArrayList<>(8);
        int start = 0;
        while (start < text.length() && fields.size() < 8) {
            int end = text.indexOf(separator, start);
            if (end < 0) {
                end = text.length();
            }
            if (end > start) {
                fields.add(text.substring(start, end));
            }
            start = end + 1;
        }
        return fields;
    }

    /** httpd's cookie date: {@code Sat, 28-Nov-2026 09:09:08 GMT}. */
    private static String expires(long epochSecond) {
        ZonedDateTime t = Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%s, %02d-%s-%04d %02d:%02d:%02d GMT", DAYS[t.getDayOfWeek().ordinal()],
                t.getDayOfMonth(), MONTHS[t.getMonthValue() - 1], t.getYear(), t.getHour(), t.getMinute(),
                t.getSecond());
    }
}
