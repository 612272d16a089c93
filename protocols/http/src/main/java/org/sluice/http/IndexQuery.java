package org.sluice.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What a listing's query asks for, read as httpd reads it: {@code C=} the column to sort by
 * ({@code N}ame, {@code M}odified, {@code S}ize, {@code D}escription), {@code O=} the direction
 * ({@code A} or {@code D}), {@code F=} the layout (0 list, 1 fancy, 2 table), {@code V=} version
 * sort, {@code P=} a shell pattern the names must match; separated by {@code ;} or {@code &}.
 * Anything else ends the query. {@code columnArgs} carries F=, V= and P= into the sort links.
 */
record IndexQuery(char column, char direction, String pattern, String columnArgs) {

    /** The query's settings over the configuration's; {@code options} changed as F= and V= (and IgnoreClient) say. */
    static IndexQuery parse(String q, AutoindexConfig config, Set<IndexOption> options) {
        char column = config.orderKey != 0 ? config.orderKey : 'N';
        char direction = config.orderDirection != 0 ? config.orderDirection : 'A';
        if (options.contains(IndexOption.IGNORE_CLIENT)) {
            options.add(IndexOption.SUPPRESS_COLUMN_SORTING);
            return new IndexQuery(column, direction, null, "");
        }
        String format = "";
        String version = "";
        String pattern = null;
        String escapedPattern = "";
        int i = 0;
        while (q != null && i < q.length()) {
            char name = q.charAt(i);
            char value = i + 2 < q.length() ? q.charAt(i + 2) : 0;
            boolean equals = i + 1 < q.length() && q.charAt(i + 1) == '=';
            boolean ends = i + 3 >= q.length() || q.charAt(i + 3) == '&' || q.charAt(i + 3) == ';';
            if (name == 'C' && equals && value != 0 && "NMSD".indexOf(value) >= 0 && ends) {
                column = value;
            } else if (name == 'O' && equals && (value == 'A' || value == 'D') && ends) {
                direction = value;
            } else if (name == 'F' && equals && value != 0 && "012".indexOf(value) >= 0 && ends) {
                if (value == '0') {
                    options.remove(IndexOption.FANCY_INDEXING);
                    options.remove(IndexOption.HTML_TABLE);
                } else if (value == '1') {
                    options.add(IndexOption.FANCY_INDEXING);
                    options.remove(IndexOption.HTML_TABLE);
                } else {
                    options.add(IndexOption.FANCY_INDEXING);
                    options.add(IndexOption.HTML_TABLE);
                }
                format = ";F=" + value;
            } else if (name == 'V' && equals && (value == '0' || value == '1') && ends) {
                if (value == '0') {
                    options.remove(IndexOption.VERSION_SORT);
                } else {
                    options.add(IndexOption.VERSION_SORT);
                }
                version = ";V=" + value;
            } else if (name == 'P' && equals) {
                int start = i + 2;
                int stop = start;
                while (stop < q.length() && q.charAt(stop) != '&' && q.charAt(stop) != ';') {
                    stop++;
                }
                pattern = null;
                escapedPattern = "";
                if (stop > start) {
                    String decoded = unescape(q.substring(start, stop));
                    if (decoded != null) {
                        pattern = decoded;
                        escapedPattern = ";P=" + DirectoryListing.escapePath(decoded, true);
                    }
                }
                if (stop + 1 >= q.length()) {
                    break;
                }
                i = stop + 1;
                continue;
            } else {
                // anything else ends the query, as in httpd
                break;
            }
            i += i + 3 < q.length() ? 4 : 3;
        }
        return new IndexQuery(column, direction, pattern, format + version + escapedPattern);
    }

    /** %-decoded as httpd's ap_unescape_url; null for a bad escape or an encoded slash or NUL. */
    private static String unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low < 0) {
                return null;
            }
            int value = high << 4 | low;
            if (value == 0 || value == '/') {
                return null;
            }
            out.write(value);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
