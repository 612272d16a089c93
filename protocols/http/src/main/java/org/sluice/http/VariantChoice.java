package org.sluice.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * httpd's server-driven choice among variants ({@code is_variant_better} of mod_negotiation),
 * for one request's {@code Accept*} fields: a variant any dimension finds unacceptable (q 0) is
 * out; of the rest the best is the one with the highest type quality, then language quality,
 * then {@code LanguagePriority} (or {@code Accept-Language}) order, HTML level, charset
 * quality, coding quality, and finally the smallest. As httpd does, wildcards in an
 * {@code Accept} without q-values weigh little ({@code *&#47;*} 0.01, {@code type/*} 0.02), a
 * variant without a language is taken only if none with one is acceptable, {@code en-US}
 * accepts {@code en} and {@code en-GB} at 0.001, and ISO-8859-1 text is always acceptable
 * unless {@code Accept-Charset} says otherwise.
 */
final class VariantChoice {

    /** {@code ForceLanguagePriority} bits, as httpd numbers them; 0 is unset (Prefer). */
    static final int FORCE_NONE = 1;
    static final int FORCE_PREFER = 2;
    static final int FORCE_FALLBACK = 4;

    /** The most items read from one Accept field: a longer one is not looked at further. */
    private static final int MAX_ITEMS = 200;

    /** One item of an Accept field (or a variant's type): name, q, level and charset, lower case. */
    record Item(String name, float quality, float level, String charset) {
    }

    private final List<Item> accept;
    private final boolean acceptHasQ;
    private final List<Item> languages;
    private final List<Item> charsets;
    private final List<Item> encodings;
    private final List<String> priority;
    private final int force;

    private VariantChoice(List<Item> accept, List<Item> languages, List<Item> charsets, List<Item> encodings,
            List<String> priority, int force) {
        this.accept = accept;
        boolean q = false;
        for (Item item : accept) {
            q |= item.quality() < 1.0f;
        }
        this.acceptHasQ = q;
        this.languages = languages;
        this.charsets = charsets;
        this.encodings = encodings;
        this.priority = priority;
        this.force = force == 0 ? FORCE_PREFER : force;
    }

    static VariantChoice of(HttpHeaders in, List<String> priority, int force) {
        String accept = in.get("Accept");
        List<Item> accepts = accept == null ? new ArrayList<>(List.of(new Item("*/*", 1.0f, 0f, ""))) : parse(accept);
        return new VariantChoice(accepts, parseOrNull(in.get("Accept-Language")),
                parseOrNull(in.get("Accept-Charset")), parseOrNull(in.get("Accept-Encoding")), priority, force);
    }

    private static List<Item> parseOrNull(String field) {
        return field == null ? null : parse(field);
    }

    /** The items of an Accept-style field, as httpd's get_entry reads them. */
    static List<Item> parse(String field) {
        List<Item> items = new ArrayList<>();
        for (String part : field.split(",")) {
            if (items.size() >= MAX_ITEMS) {
                break;
            }
            String[] pieces = part.split(";");
            String name = pieces[0].strip().toLowerCase(Locale.ROOT);
            int space = name.indexOf(' ');
            if (space >= 0) {
                name = name.substring(0, space);
            }
            if (name.isEmpty() && pieces.length == 1) {
                continue;
            }
            float quality = 1.0f;
            float level = name.equals("text/html") ? 2.0f : 0f;
            String charset = "";
            for (int i = 1; i < pieces.length; i++) {
                String parameter = pieces[i].strip();
                int equals = parameter.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String key = parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                String value = parameter.substring(equals + 1).strip().toLowerCase(Locale.ROOT);
                if (value.startsWith("\"")) {
                    int end = value.indexOf('"', 1);
                    value = end < 0 ? value.substring(1) : value.substring(1, end);
                }
                switch (key) {
                    case "q", "qs" -> quality = quality(value);
                    case "level" -> level = leadingInt(value);
                    case "charset" -> charset = value;
                    default -> {
                    }
                }
            }
            items.add(new Item(name, quality, level, charset));
        }
        return items;
    }

    /** httpd's atoq: {@code 0.xyz} to three digits, anything not starting with 0 or . is 1. */
    private static float quality(String text) {
        if (text.isEmpty()) {
            return 1.0f;
        }
        int i = 0;
        if (text.charAt(0) != '.') {
            if (text.charAt(0) != '0') {
                return 1.0f;
            }
            i = 1;
        }
        if (i >= text.length() || text.charAt(i) != '.') {
            return 0.0f;
        }
        int value = 0;
        int[] weights = {100, 10, 1};
        for (int d = 0; d < 3 && i + 1 + d < text.length(); d++) {
            char c = text.charAt(i + 1 + d);
            if (c < '0' || c > '9' || d == 2 && c == '0') {
                break;
            }
            value += (c - '0') * weights[d];
        }
        return value / 1000.0f;
    }

    private static float leadingInt(String text) {
        int n = 0;
        for (int i = 0; i < text.length() && i < 9 && Character.isDigit(text.charAt(i)); i++) {
            n = n * 10 + (text.charAt(i) - '0');
        }
        return n;
    }

    /** The qualities of one variant for this request. */
    private static final class Scored {
        final Variant variant;
        float typeQuality;
        float languageQuality = 1.0f;
        int languageIndex = -1;
        float charsetQuality = 1.0f;
        float encodingQuality = 1.0f;
        float levelMatched;

        Scored(Variant variant) {
            this.variant = variant;
        }
    }

    /** The best of {@code variants} (in httpd's order), or null when none is acceptable. */
    Variant best(List<Variant> variants) {
        boolean anyLanguage = false;
        for (Variant v : variants) {
            anyLanguage |= !v.languages().isEmpty();
        }
        float defaultLanguageQuality = anyLanguage ? 0.0001f : 1.0f;
        Scored best = null;
        float bestQ = 0f;
        for (Variant v : variants) {
            Scored s = new Scored(v);
            typeQuality(s);
            languageQuality(s, defaultLanguageQuality);
            encodingQuality(s);
            charsetQuality(s);
            if (better(s, best, bestQ)) {
                best = s;
                bestQ = s.typeQuality * v.sourceQuality();
            }
        }
        return bestQ > 0 && best != null ? best.variant : null;
    }

    private void typeQuality(Scored s) {
        String type = s.variant.type();
        int stars = 0;
        float q = 0f;
        for (Item item : accept) {
            int before = stars;
            String name = item.name();
            int matched = 0;
            if (name.equals("*") || name.equals("*/*")) {
                matched = 1;
            } else if (name.length() > 2 && name.endsWith("/*")
                    && type.regionMatches(0, name, 0, name.length() - 2)
                    && type.length() > name.length() - 2 && type.charAt(name.length() - 2) == '/') {
                matched = 2;
            } else if (name.equals(type) && item.level() >= s.variant.level()) {
                s.levelMatched = s.variant.level();
                matched = 3;
            }
            if (matched == 0) {
                continue;
            }
            stars = Math.max(stars, matched);
            if (before == stars) {
                continue;
            }
            if (!acceptHasQ && stars == 1) {
                q = 0.01f;
            } else if (!acceptHasQ && stars == 2) {
                q = 0.02f;
            } else {
                q = item.quality();
            }
        }
        s.typeQuality = q;
    }

    private void languageQuality(Scored s, float defaultQuality) {
        List<String> tags = s.variant.languages();
        if (tags.isEmpty()) {
            s.languageQuality = defaultQuality;
            return;
        }
        if (languages != null) {
            Item best = null;
            Item star = null;
            float fiddle = 0f;
            boolean starMatch = false;
            for (String tag : tags) {
                Item bestForTag = null;
                int longest = 0;
                for (Item item : languages) {
                    String range = item.name();
                    if (range.equals("*")) {
                        star = star == null ? item : star;
                        continue;
                    }
                    if (tag.startsWith(range) && (tag.length() == range.length() || tag.charAt(range.length()) == '-')
                            && range.length() > longest) {
                        longest = range.length();
                        bestForTag = item;
                    }
                    int dash = range.indexOf('-');
                    if (bestForTag == null && dash >= 0 && tag.regionMatches(0, range, 0, dash)) {
                        // en-US asks for en and en-GB too, at a very low quality (httpd's fiddle)
                        fiddle = 0.001f;
                    }
                }
                if (best == null || bestForTag != null && bestForTag.quality() > best.quality()) {
                    best = bestForTag;
                }
                if (bestForTag == null && star != null) {
                    starMatch = true;
                }
            }
            if (starMatch && (best == null || star.quality() > best.quality())) {
                best = star;
            }
            s.languageQuality = best != null ? best.quality() : fiddle;
        }
        if ((force & FORCE_PREFER) != 0 && s.languageIndex < 0 || (force & FORCE_FALLBACK) != 0 && s.languageQuality == 0) {
            int bestIndex = -1;
            for (String tag : tags) {
                int index = priorityIndex(tag);
                if (index >= 0 && (bestIndex < 0 || index < bestIndex)) {
                    bestIndex = index;
                }
            }
            if (bestIndex >= 0) {
                if (s.languageQuality != 0) {
                    if ((force & FORCE_PREFER) != 0) {
                        s.languageIndex = bestIndex;
                    }
                } else if ((force & FORCE_FALLBACK) != 0) {
                    s.languageIndex = bestIndex;
                    s.languageQuality = 0.0001f;
                }
            }
        }
    }

    /** Where {@code tag} stands in LanguagePriority: the first entry it starts with, any case; -1 if none. */
    private int priorityIndex(String tag) {
        if (priority == null) {
            return -1;
        }
        for (int i = 0; i < priority.size(); i++) {
            String entry = priority.get(i);
            if (tag.regionMatches(true, 0, entry, 0, entry.length())) {
                return i;
            }
        }
        return -1;
    }

    private void charsetQuality(Scored s) {
        if (charsets == null) {
            return;
        }
        String charset = s.variant.charset();
        if (charset.isEmpty()) {
            if (!s.variant.type().startsWith("text/")) {
                return;
            }
            charset = "iso-8859-1";
        }
        Item star = null;
        for (Item item : charsets) {
            if (item.name().equals(charset)) {
                s.charsetQuality = item.quality();
                return;
            }
            if (item.name().equals("*")) {
                star = item;
            }
        }
        if (star != null) {
            s.charsetQuality = star.quality();
        } else {
            s.charsetQuality = charset.equals("iso-8859-1") ? 1.0f : 0f;
        }
    }

    private void encodingQuality(Scored s) {
        String coding = s.variant.encoding();
        boolean identity = coding == null || coding.isEmpty() || coding.equals("7bit") || coding.equals("8bit")
                || coding.equals("binary");
        if (encodings == null) {
            s.encodingQuality = identity ? 1.0f : 0.5f;
            return;
        }
        float ifNotFound = 0f;
        if (identity) {
            coding = "identity";
            ifNotFound = 0.0001f;
        }
        if (coding.startsWith("x-")) {
            coding = coding.substring(2);
        }
        Item star = null;
        for (Item item : encodings) {
            String name = item.name().startsWith("x-") ? item.name().substring(2) : item.name();
            if (name.equals(coding)) {
                s.encodingQuality = item.quality();
                return;
            }
            if (name.equals("*")) {
                star = item;
            }
        }
        s.encodingQuality = star != null ? star.quality() : ifNotFound;
    }

    private static boolean better(Scored v, Scored best, float bestQ) {
        if (v.encodingQuality == 0 || v.languageQuality == 0 || v.variant.sourceQuality() == 0
                || v.charsetQuality == 0 || v.typeQuality == 0) {
            return false;
        }
        float q = v.typeQuality * v.variant.sourceQuality();
        if (q == 0 || q < bestQ) {
            return false;
        }
        if (q > bestQ || best == null) {
            return true;
        }
        if (v.languageQuality != best.languageQuality) {
            return v.languageQuality > best.languageQuality;
        }
        if (best.languageIndex != -1 && (v.languageIndex == -1 || v.languageIndex > best.languageIndex)) {
            return false;
        }
        if (v.languageIndex != -1 && (best.languageIndex == -1 || v.languageIndex < best.languageIndex)) {
            return true;
        }
        int levels = levelCompare(v, best);
        if (levels != 0) {
            return levels > 0;
        }
        if (v.charsetQuality < best.charsetQuality) {
            return false;
        }
        String charset = v.variant.charset();
        String bestCharset = best.variant.charset();
        if (v.charsetQuality > best.charsetQuality || !charset.isEmpty() && !charset.equals("iso-8859-1")
                && (bestCharset.isEmpty() || bestCharset.equals("iso-8859-1"))) {
            return true;
        }
        if (v.encodingQuality != best.encodingQuality) {
            return v.encodingQuality > best.encodingQuality;
        }
        return v.variant.length() < best.variant.length();
    }

    /** httpd's level_cmp: of the same type, the highest level asked for, else the lowest. */
    private static int levelCompare(Scored a, Scored b) {
        if (a.variant.html() && !b.variant.html() || !a.variant.html() && !a.variant.type().equals(b.variant.type())) {
            return 0;
        }
        if (a.levelMatched != b.levelMatched) {
            return a.levelMatched > b.levelMatched ? 1 : -1;
        }
        if (a.variant.level() != b.variant.level()) {
            return a.variant.level() < b.variant.level() ? 1 : -1;
        }
        return 0;
    }
}
