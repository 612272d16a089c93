package org.sluice.http;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.module.Registry;

/**
 * mod_expires: {@code Expires} and {@code Cache-Control: max-age} for successful responses,
 * by their media type or by default.
 *
 * <pre>
 * ExpiresActive On
 * ExpiresByType image/png "access plus 1 month"
 * ExpiresByType text/*    "modification plus 2 hours 30 minutes"
 * ExpiresDefault A3600
 * </pre>
 *
 * A code counts from the request ({@code access}, {@code now}, or {@code A<seconds>}) or from
 * the file's modification ({@code modification}, {@code M<seconds>}; nothing for a response
 * without a file); a time already past is the request's own. A response that already has an
 * {@code Expires} keeps it. As in httpd, a wildcard type ({@code text/*}) is looked at only
 * where the innermost section with mod_expires directives names one itself.
 *
 * @param active {@code ExpiresActive}, null where no section said
 * @param byType {@code ExpiresByType}, by lower-case type without parameters
 * @param wildcards whether this section's own {@code ExpiresByType} names a {@code major/*}
 */
record Expires(Boolean active, Code byDefault, Map<String, Code> byType, boolean wildcards) {

    static final Expires NONE = new Expires(null, null, Map.of(), false);

    /** An expiry: so many seconds after the request, or after the file's modification. */
    record Code(boolean fromModification, long seconds) {
    }

    static void register(Registry r) {
        var where = Directive.ANYWHERE_AND_HTACCESS;
        var indexes = EnumSet.of(OverrideClass.INDEXES);
        r.directive(Directive.withOverrides("ExpiresActive", ArgShape.FLAG, where, indexes, "Limited to 'on' or 'off'",
                c -> update(c, e -> new Expires(c.flag(), e.byDefault, e.byType, e.wildcards))));
        r.directive(Directive.withOverrides("ExpiresByType", ArgShape.TAKE2, where, indexes,
                "a MIME type followed by an expiry date code", Expires::byType));
        r.directive(Directive.withOverrides("ExpiresDefault", ArgShape.TAKE1, where, indexes, "an expiry date code",
                c -> {
                    Code code = code(c, "'ExpiresDefault " + c.arg(0) + "': ", c.arg(0));
                    update(c, e -> new Expires(e.active, code, e.byType, e.wildcards));
                }));
    }

    private static void update(DirectiveCall c, java.util.function.UnaryOperator<Expires> change) {
        HttpDirConfig dir = c.dirConfig(HttpDirConfig.KEY);
        dir.expires = change.apply(dir.expires);
    }

    private static void byType(DirectiveCall c) throws ConfigException {
        String type = c.arg(0);
        int slash = type.lastIndexOf('/');
        if (slash < 0) {
            throw c.error("Invalid mimetype: should contain a slash");
        }
        Code code = code(c, "'ExpiresByType " + type + " " + c.arg(1) + "': ", c.arg(1));
        boolean wildcard = type.substring(slash + 1).equals("*");
        update(c, e -> {
            Map<String, Code> more = new HashMap<>(e.byType);
            more.put(type.toLowerCase(Locale.ROOT), code);
            return new Expires(e.active, e.byDefault, Map.copyOf(more), e.wildcards || wildcard);
        });
    }

    /** httpd's {@code check_code}: {@code <base> [plus] {<num> <type>}*}, or the old {@code A<n>} / {@code M<n>}. */
    private static Code code(DirectiveCall c, String prefix, String text) throws ConfigException {
        if (text.startsWith("A") || text.startsWith("M")) {
            return new Code(text.startsWith("M"), LeadingNumber.of(text.substring(1)));
        }
        List<String> words = List.of(text.strip().split("\\s+"));
        int i = 0;
        String base = words.get(i++).toLowerCase(Locale.ROOT);
        boolean modification;
        if (!base.isEmpty() && ("now".startsWith(base.substring(0, 1)) || "access".startsWith(base.substring(0, 1)))) {
            modification = false;
        } else if (!base.isEmpty() && "modification".startsWith(base.substring(0, 1))) {
            modification = true;
        } else {
            throw c.error(prefix + "bad expires code, unrecognised <base> '" + words.get(0) + "'");
        }
        if (i < words.size() && words.get(i).toLowerCase(Locale.ROOT).startsWith("p")) {
            i++;
        }
        long seconds = 0;
        while (i < words.size()) {
            String number = words.get(i++);
            if (!Character.isDigit(number.charAt(0))) {
                throw c.error(prefix + "bad expires code, numeric value expected <num> '" + number + "'");
            }
            if (i == words.size()) {
                throw c.error(prefix + "bad expires code, missing <type>");
            }
            String unit = words.get(i++);
            seconds += LeadingNumber.of(number) * unitSeconds(c, prefix, unit);
        }
        return new Code(modification, seconds);
    }

    private static long unitSeconds(DirectiveCall c, String prefix, String unit) throws ConfigException {
        String u = unit.toLowerCase(Locale.ROOT);
        // as httpd: a unit is known by its first letter, or two for months and minutes
        if (u.startsWith("y")) {
            return 365L * 24 * 3600;
        } else if (u.startsWith("mo")) {
            return 30L * 24 * 3600;
        } else if (u.startsWith("w")) {
            return 7L * 24 * 3600;
        } else if (u.startsWith("d")) {
            return 24L * 3600;
        } else if (u.startsWith("h")) {
            return 3600;
        } else if (u.startsWith("mi")) {
            return 60;
        } else if (u.startsWith("s")) {
            return 1;
        }
        throw c.error(prefix + "bad expires code, unrecognised <type>'" + unit + "'");
    }

    /** A section's settings over its parent's: the child's type codes first, its wildcard flag alone. */
    static Expires merge(Expires parent, Expires child) {
        if (child == NONE) {
            return parent;
        }
        Map<String, Code> types = new HashMap<>(parent.byType);
        types.putAll(child.byType);
        return new Expires(child.active != null ? child.active : parent.active,
                child.byDefault != null ? child.byDefault : parent.byDefault, Map.copyOf(types), child.wildcards);
    }

    /** Whether responses here may get an expiry at all. */
    boolean applies() {
        return Boolean.TRUE.equals(active) && (byDefault != null || !byType.isEmpty());
    }

    /** Sets {@code Expires} and {@code Cache-Control} on a successful response of {@code r} that has no {@code Expires}. */
    void apply(Request r) {
        if (r.status() >= 400 || r.headersOut().contains("Expires") || r.errorHeadersOut().contains("Expires")) {
            return;
        }
        String type = r.contentType() == null ? null : RequestProcessor.mediaType(r.contentType());
        Code code = type == null ? null : byType.get(type);
        if (code == null) {
            int slash = type == null ? -1 : type.indexOf('/');
            code = wildcards && slash > 0 ? byType.get(type.substring(0, slash + 1) + "*") : null;
            if (code == null) {
                code = byDefault;
            }
        }
        if (code == null) {
            return;
        }
        long now = r.startMillis();
        long base;
        if (code.fromModification()) {
            BasicFileAttributes attributes = r.fileAttributes();
            if (attributes == null) {
                return;
            }
            base = attributes.lastModifiedTime().toMillis();
        } else {
            base = now;
        }
        long expires = Math.max(now, base + code.seconds() * 1000);
        String maxAge = "max-age=" + (expires - now) / 1000;
        String cacheControl = r.headersOut().get("Cache-Control");
        r.headersOut().set("Cache-Control", cacheControl == null ? maxAge : cacheControl + ", " + maxAge);
        r.headersOut().set("Expires", HttpDate.format(java.time.Instant.ofEpochMilli(expires)));
    }
}
