package org.sluice.http;

import java.util.Locale;
import org.sluice.config.ArgShape;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.module.Registry;

/**
 * mod_mime's directives, and core's {@code AddDefaultCharset}: what a file's extensions say
 * about it ({@link MimeMappings}), anywhere from the server to {@code .htaccess} under
 * {@code AllowOverride FileInfo}. As in httpd the values are kept in lower case, and an
 * extension may be given with or without its dot.
 */
final class MimeDirectives {

    private MimeDirectives() {
    }

    static void register(Registry r) {
        add(r, "AddType", MimeMappings.Field.TYPE, "a mime type followed by one or more file extensions");
        add(r, "AddCharset", MimeMappings.Field.CHARSET,
                "a charset (e.g., iso-2022-jp), followed by one or more file extensions");
        add(r, "AddEncoding", MimeMappings.Field.ENCODING,
                "an encoding (e.g., gzip), followed by one or more file extensions");
        add(r, "AddLanguage", MimeMappings.Field.LANGUAGE,
                "a language (e.g., fr), followed by one or more file extensions");
        add(r, "AddHandler", MimeMappings.Field.HANDLER, "a handler name followed by one or more file extensions");
        add(r, "AddOutputFilter", MimeMappings.Field.OUTPUT_FILTERS,
                "output filter name (or ; delimited names) followed by one or more file extensions");
        // RemoveType maps the extension to no type, so TypesConfig's is not used either
        fileInfo(r, "RemoveType", ArgShape.ITERATE, "one or more file extensions",
                c -> dir(c).mime = dir(c).mime.add(c.arg(0), MimeMappings.Field.TYPE, ""));
        remove(r, "RemoveCharset", MimeMappings.Field.CHARSET);
        remove(r, "RemoveEncoding", MimeMappings.Field.ENCODING);
        remove(r, "RemoveLanguage", MimeMappings.Field.LANGUAGE);
        remove(r, "RemoveHandler", MimeMappings.Field.HANDLER);
        remove(r, "RemoveOutputFilter", MimeMappings.Field.OUTPUT_FILTERS);
        fileInfo(r, "DefaultLanguage", ArgShape.TAKE1,
                "language to use for documents with no other language file extension",
                c -> dir(c).mime = dir(c).mime.defaultLanguage(c.arg(0)));
        fileInfo(r, "AddDefaultCharset", ArgShape.TAKE1,
                "The name of the default charset to add to any Content-Type without one or 'Off' to disable",
                c -> dir(c).addDefaultCharset = c.arg(0).equalsIgnoreCase("off") ? ""
                        : c.arg(0).equalsIgnoreCase("on") ? "iso-8859-1" : c.arg(0));
        registerNegotiation(r);
    }

    /** mod_negotiation's directives ({@link Negotiation}). */
    private static void registerNegotiation(Registry r) {
        fileInfo(r, "LanguagePriority", ArgShape.ITERATE, "space-delimited list of MIME language abbreviations",
                c -> dir(c).languagePriority = HttpDirConfig.append(
                        dir(c).languagePriority == null ? java.util.List.of() : dir(c).languagePriority, c.arg(0)));
        fileInfo(r, "ForceLanguagePriority", ArgShape.ITERATE,
                "Force LanguagePriority elections, either None, or Fallback and/or Prefer",
                MimeDirectives::forceLanguagePriority);
        r.directive(Directive.of("CacheNegotiatedDocs", ArgShape.FLAG, Directive.SERVER_OR_VHOST,
                "Either 'on' or 'off' (default)", c -> {
                    // only HTTP/1.0 responses would differ, and httpd 2.4 sends them the same either way
                }));
    }

    /** ForceLanguagePriority: None alone, or Prefer and Fallback, in httpd's words when mixed. */
    private static void forceLanguagePriority(DirectiveCall c) throws org.sluice.config.ConfigException {
        HttpDirConfig dir = dir(c);
        String word = c.arg(0);
        if (word.equalsIgnoreCase("None")) {
            if ((dir.forceLanguagePriority & ~VariantChoice.FORCE_NONE) != 0) {
                throw c.error("Cannot combine ForceLanguagePriority options with None");
            }
            dir.forceLanguagePriority = VariantChoice.FORCE_NONE;
        } else if (word.equalsIgnoreCase("Prefer") || word.equalsIgnoreCase("Fallback")) {
            if ((dir.forceLanguagePriority & VariantChoice.FORCE_NONE) != 0) {
                throw c.error("Cannot combine ForceLanguagePriority options None and "
                        + (word.equalsIgnoreCase("Prefer") ? "Prefer" : "Fallback"));
            }
            dir.forceLanguagePriority |= word.equalsIgnoreCase("Prefer") ? VariantChoice.FORCE_PREFER
                    : VariantChoice.FORCE_FALLBACK;
        } else {
            throw c.error("Invalid ForceLanguagePriority option " + word);
        }
    }

    private static void add(Registry r, String name, MimeMappings.Field field, String help) {
        fileInfo(r, name, ArgShape.ITERATE2, help, c -> dir(c).mime = dir(c).mime.add(c.arg(1), field, value(field, c.arg(0))));
    }

    private static void remove(Registry r, String name, MimeMappings.Field field) {
        fileInfo(r, name, ArgShape.ITERATE, "one or more file extensions",
                c -> dir(c).mime = dir(c).mime.remove(c.arg(0), field));
    }

    private static void fileInfo(Registry r, String name, ArgShape shape, String help, Directive.Handler handler) {
        r.directive(Directive.withOverrides(name, shape, Directive.ANYWHERE_AND_HTACCESS, HttpDirectives.FILE_INFO,
                help, handler));
    }

    private static Object value(MimeMappings.Field field, String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return switch (field) {
            case TYPE -> normalizedType(lower);
            case OUTPUT_FILTERS -> OutputFilters.names(word);
            default -> lower;
        };
    }

    /** {@code text/html;level=1} as httpd sends it, {@code text/html; level=1}. */
    private static String normalizedType(String type) {
        if (type.indexOf(';') < 0 || type.indexOf('"') >= 0) {
            return type;
        }
        StringBuilder out = new StringBuilder(type.length() + 4);
        for (String part : type.split(";")) {
            if (!part.isBlank()) {
                out.append(out.isEmpty() ? "" : "; ").append(part.strip());
            }
        }
        return out.toString();
    }

    private static HttpDirConfig dir(DirectiveCall c) {
        return c.dirConfig(HttpDirConfig.KEY);
    }
}
