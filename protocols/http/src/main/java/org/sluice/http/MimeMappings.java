package org.sluice.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What file extensions say about a file in one directory, as mod_mime keeps it: {@code AddType},
 * {@code AddCharset}, {@code AddEncoding}, {@code AddLanguage}, {@code AddHandler} and
 * {@code AddOutputFilter} per extension, the {@code Remove*} directives that take an inherited
 * mapping back, and {@code DefaultLanguage}. Immutable: each directive makes a new one, and a
 * merge reuses the parent's maps when the child adds nothing.
 *
 * <pre>
 * AddType text/html .html          file.html.en    text/html, Content-Language: en
 * AddLanguage en .en               archive.tar.gz  application/x-tar, Content-Encoding: gzip
 * AddEncoding gzip .gz
 * </pre>
 *
 * <p>Every extension of a file name counts, left to right ({@link #lookUp}): the base name is
 * what comes before the first dot that is not a leading one ({@code .png} is a hidden file
 * named png, not a PNG), empty and unknown extensions are skipped, the last type, charset and
 * handler win, languages and encodings add up in order.
 */
final class MimeMappings {

    /** No directive at all: a file gets its type from TypesConfig alone. */
    static final MimeMappings NONE = new MimeMappings(Map.of(), List.of(), null);

    /** What an extension may map to, one per {@code Add*} directive. */
    enum Field {
        TYPE, CHARSET, ENCODING, LANGUAGE, HANDLER, OUTPUT_FILTERS
    }

    /**
     * What one extension maps to; null where nothing is said. An empty {@code type} is
     * {@code RemoveType}'s: no type, not even the one TypesConfig has.
     */
    record Extension(String type, String charset, String encoding, String language, String handler,
            List<String> outputFilters) {

        static final Extension EMPTY = new Extension(null, null, null, null, null, null);

        @SuppressWarnings("unchecked")
        Extension with(Field field, Object value) {
            return new Extension(
                    field == Field.TYPE ? (String) value : type,
                    field == Field.CHARSET ? (String) value : charset,
                    field == Field.ENCODING ? (String) value : encoding,
                    field == Field.LANGUAGE ? (String) value : language,
                    field == Field.HANDLER ? (String) value : handler,
                    field == Field.OUTPUT_FILTERS ? (List<String>) value : outputFilters);
        }

        /** This mapping over {@code base}: what this one says wins, field by field. */
        Extension over(Extension base) {
            return new Extension(type != null ? type : base.type, charset != null ? charset : base.charset,
                    encoding != null ? encoding : base.encoding, language != null ? language : base.language,
                    handler != null ? handler : base.handler, outputFilters != null ? outputFilters : base.outputFilters);
        }
    }

    /** {@code RemoveCharset .ext} and the like: applied when the section is merged over its parent. */
    record Removal(String extension, Field field) {
    }

    /**
     * What a file's extensions gave it. {@code type} is from TypesConfig or AddType, with the
     * charset of AddCharset; {@code languages} from AddLanguage, else DefaultLanguage.
     */
    record Found(String type, String encoding, List<String> languages, String handler, List<String> outputFilters) {
    }

    private final Map<String, Extension> extensions;
    /** This section's {@code Remove*}, already applied to its own {@link #extensions}; for the merge over its parent. */
    private final List<Removal> removals;
    private final String defaultLanguage;

    private MimeMappings(Map<String, Extension> extensions, List<Removal> removals, String defaultLanguage) {
        this.extensions = extensions;
        this.removals = removals;
        this.defaultLanguage = defaultLanguage;
    }

    /** True when a file's name gives it nothing more than its TypesConfig type. */
    boolean isEmpty() {
        return extensions.isEmpty() && defaultLanguage == null;
    }

    /** These mappings with {@code extension} (a leading dot is dropped; any case) mapped to {@code value} for {@code field}. */
    MimeMappings add(String extension, Field field, Object value) {
        Map<String, Extension> map = new HashMap<>(extensions);
        map.merge(key(extension), Extension.EMPTY.with(field, value), (old, added) -> old.with(field, value));
        return new MimeMappings(removed(map, removals), removals, defaultLanguage);
    }

    /**
     * These mappings with {@code field} of {@code extension} taken away: from what the parent
     * says, and from what this section says, before or after (a section is merged over its
     * parent with its additions first and its removals after, as in httpd).
     */
    MimeMappings remove(String extension, Field field) {
        List<Removal> list = new ArrayList<>(removals);
        list.add(new Removal(key(extension), field));
        return new MimeMappings(removed(new HashMap<>(extensions), list), List.copyOf(list), defaultLanguage);
    }

    /** {@code map} without what {@code removals} take away, immutable. */
    private static Map<String, Extension> removed(Map<String, Extension> map, List<Removal> removals) {
        for (Removal removal : removals) {
            Extension mapping = map.get(removal.extension());
            if (mapping != null) {
                map.put(removal.extension(), mapping.with(removal.field(), null));
            }
        }
        return Map.copyOf(map);
    }

    MimeMappings defaultLanguage(String language) {
        return new MimeMappings(extensions, removals, language);
    }

    static MimeMappings merge(MimeMappings parent, MimeMappings child) {
        if (child.extensions.isEmpty() && child.removals.isEmpty()) {
            // the parent's removals were its own merge's, done: they are not carried further
            return child.defaultLanguage == null ? parent : new MimeMappings(parent.extensions, List.of(), child.defaultLanguage);
        }
        if (parent.extensions.isEmpty() && child.removals.isEmpty()) {
            return child.defaultLanguage != null || parent.defaultLanguage == null ? child
                    : new MimeMappings(child.extensions, List.of(), parent.defaultLanguage);
        }
        Map<String, Extension> map = new HashMap<>(parent.extensions);
        child.extensions.forEach((extension, mapping) -> map.merge(extension, mapping, (base, over) -> over.over(base)));
        return new MimeMappings(removed(map, child.removals), List.of(),
                child.defaultLanguage != null ? child.defaultLanguage : parent.defaultLanguage);
    }

    /**
     * What the extensions of {@code fileName} (a leaf name) give it, looking each up in these
     * mappings and, when no AddType or RemoveType names it, in {@code typesConfig}.
     */
    Found lookUp(String fileName, Map<String, String> typesConfig) {
        String type = null;
        String charset = null;
        String encoding = null;
        List<String> languages = null;
        String handler = null;
        List<String> filters = null;
        for (int dot = firstExtension(fileName); dot >= 0; ) {
            int next = fileName.indexOf('.', dot + 1);
            int end = next < 0 ? fileName.length() : next;
            if (end > dot + 1) {
                String extension = fileName.substring(dot + 1, end).toLowerCase(Locale.ROOT);
                Extension mapping = extensions.get(extension);
                if (mapping == null || mapping.type() == null) {
                    String t = typesConfig.get(extension);
                    type = t != null ? t : type;
                }
                if (mapping != null) {
                    if (mapping.type() != null && !mapping.type().isEmpty()) {
                        type = mapping.type();
                    }
                    charset = mapping.charset() != null ? mapping.charset() : charset;
                    if (mapping.language() != null) {
                        languages = languages == null ? new ArrayList<>(2) : languages;
                        languages.add(mapping.language());
                    }
                    if (mapping.encoding() != null) {
                        encoding = encoding == null ? mapping.encoding() : encoding + ", " + mapping.encoding();
                    }
                    handler = mapping.handler() != null ? mapping.handler() : handler;
                    if (mapping.outputFilters() != null) {
                        filters = filters == null ? new ArrayList<>(2) : filters;
                        filters.addAll(mapping.outputFilters());
                    }
                }
            }
            dot = next;
        }
        if (type != null && charset != null) {
            type = withCharset(type, charset);
        }
        if (languages == null && defaultLanguage != null) {
            languages = List.of(defaultLanguage);
        }
        return new Found(type, encoding, languages, handler, filters);
    }

    /**
     * Whether {@code fileName} may be a MultiViews variant of {@code requested}, as mod_mime and
     * mod_negotiation decide: some extension of it gives a type, charset, language or encoding,
     * and its base name and the extensions that give none are, in order, among the dot-separated
     * parts of {@code requested} ({@code index.html.foo} is a variant of {@code index.foo}).
     */
    boolean knowsAllButBase(String fileName, String requested, Map<String, String> typesConfig) {
        int first = firstExtension(fileName);
        if (first < 0) {
            return false;
        }
        List<String> unknown = new ArrayList<>(2);
        unknown.add(fileName.substring(0, first));
        boolean found = false;
        for (int dot = first; dot >= 0; ) {
            int next = fileName.indexOf('.', dot + 1);
            int end = next < 0 ? fileName.length() : next;
            if (end > dot + 1) {
                String extension = fileName.substring(dot + 1, end);
                Extension mapping = extensions.get(extension.toLowerCase(Locale.ROOT));
                boolean known = (mapping == null || mapping.type() == null)
                        && typesConfig.containsKey(extension.toLowerCase(Locale.ROOT))
                        || mapping != null && (mapping.type() != null && !mapping.type().isEmpty()
                                || mapping.charset() != null || mapping.language() != null
                                || mapping.encoding() != null);
                if (known) {
                    found = true;
                } else {
                    unknown.add(extension);
                }
            }
            dot = next;
        }
        if (!found) {
            return false;
        }
        int matched = 0;
        for (String part : requested.split("\\.", -1)) {
            if (matched < unknown.size() && part.equals(unknown.get(matched))) {
                matched++;
            }
        }
        return matched == unknown.size();
    }

    /**
     * The type of {@code fileName} by its extensions in {@code typesConfig} alone, the last known
     * one winning; null if none. What a file gets when no mod_mime directive applies.
     */
    static String typeOf(String fileName, Map<String, String> typesConfig) {
        String type = null;
        for (int dot = firstExtension(fileName); dot >= 0; ) {
            int next = fileName.indexOf('.', dot + 1);
            int end = next < 0 ? fileName.length() : next;
            if (end > dot + 1) {
                String t = typesConfig.get(fileName.substring(dot + 1, end).toLowerCase(Locale.ROOT));
                type = t != null ? t : type;
            }
            dot = next;
        }
        return type;
    }

    /** Where the first extension's dot is, past the base name (leading dots are part of it); -1 if none. */
    private static int firstExtension(String fileName) {
        int start = 0;
        while (start < fileName.length() && fileName.charAt(start) == '.') {
            start++;
        }
        return fileName.indexOf('.', start);
    }

    /** {@code type} with its {@code charset} parameter replaced by, or else followed by, {@code charset}. */
    static String withCharset(String type, String charset) {
        String[] parts = type.split(";");
        StringBuilder out = new StringBuilder(type.length() + charset.length() + 10).append(parts[0].strip());
        boolean replaced = false;
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.isEmpty()) {
                continue;
            }
            if (!replaced && parameter.regionMatches(true, 0, "charset=", 0, 8)) {
                parameter = "charset=" + charset;
                replaced = true;
            } else if (parameter.regionMatches(true, 0, "charset=", 0, 8)) {
                continue;
            }
            out.append("; ").append(parameter);
        }
        if (!replaced) {
            out.append("; charset=").append(charset);
        }
        return out.toString();
    }

    /**
     * {@code type} with {@code ; charset=} and {@code charset} added if it is one AddDefaultCharset
     * applies to: as in httpd, a type that names {@code text/plain} or {@code text/html} and has
     * no {@code charset=} anywhere, in any case.
     */
    static String withDefaultCharset(String type, String charset) {
        if (type == null || type.isEmpty() || containsIgnoreCase(type, "charset=")
                || !containsIgnoreCase(type, "text/plain") && !containsIgnoreCase(type, "text/html")) {
            return type;
        }
        return type + "; charset=" + charset;
    }

    private static boolean containsIgnoreCase(String text, String part) {
        for (int i = 0, last = text.length() - part.length(); i <= last; i++) {
            if (text.regionMatches(true, i, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    private static String key(String extension) {
        return (extension.startsWith(".") ? extension.substring(1) : extension).toLowerCase(Locale.ROOT);
    }
}
