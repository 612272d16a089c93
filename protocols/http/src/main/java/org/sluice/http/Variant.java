package org.sluice.http;

import java.util.List;
import java.util.Locale;

/**
 * One file a negotiated request may be served ({@link Negotiation}): its name in the directory,
 * what mod_mime says of it, and the source quality and level of its type's parameters
 * ({@code AddType "text/html; qs=0.5" .html}), as httpd reads them.
 *
 * @param type the media type, lower case, without parameters
 * @param charset the type's charset parameter, lower case, "" for none
 * @param languages the languages, lower case, empty for none
 * @param encoding the content coding, or null
 */
record Variant(String name, String type, String charset, List<String> languages, String encoding, long length,
        float sourceQuality, float level) {

    static Variant of(String name, String contentType, List<String> languages, String encoding, long length) {
        VariantChoice.Item item = VariantChoice.parse(contentType).get(0);
        List<String> lower = languages == null ? List.of()
                : languages.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
        return new Variant(name, item.name(), item.charset(), lower, encoding, length, item.quality(), item.level());
    }

    /** Whether the type is HTML, whose levels compare with each other. */
    boolean html() {
        return type.equals("text/html");
    }

    /** The languages joined by commas, as httpd lists them; "" for none. */
    String languageList() {
        return String.join(",", languages);
    }

    String encodingOrEmpty() {
        return encoding == null ? "" : encoding;
    }
}
