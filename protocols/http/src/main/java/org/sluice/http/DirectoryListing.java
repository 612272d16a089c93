package org.sluice.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sluice.brigade.Brigade;
import org.sluice.hook.Result;

/**
 * mod_autoindex: the listing of a directory under {@code Options Indexes}, laid out as httpd
 * lays it out (a list, the {@code FancyIndexing} preformatted table or an {@code HTMLTable}),
 * sorted by the query's {@code C=} and {@code O=}, with the header and readme files.
 *
 * <p>An entry is listed only if a request for it would be served: not ignored, a file or a
 * directory, and allowed by access control (its {@code <Files>} sections, its directory's
 * sections and access file); {@code ShowForbidden} lists those refused too.
 *
 * <p>Bounded: a directory is read once, entry by entry, and at most {@link IndexEntries#MAX_ENTRIES}
 * of them, the first in the listing's order, are kept and shown; the page goes out in chunks.
 */
final class DirectoryListing {

    /** The document type of the pages the server makes: listings, error pages, server-status. */
    static final String HTML_4_01 =
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n";
    private static final String XHTML_1_0_TRANSITIONAL =
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
            + "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter OLD_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", Locale.ENGLISH);

    private final Request r;
    private final Path dir;
    private final AutoindexConfig config;
    /** The options in force, as the query may change them (F=, V=, IgnoreClient). */
    private final Set<IndexOption> options;
    private final ListingPage page;

    private DirectoryListing(Request r, Path dir) {
        this.r = r;
        this.dir = dir;
        this.config = r.config(AutoindexConfig.KEY);
        this.options = config.options();
        this.page = new ListingPage(r);
    }

    /** The listing of {@code dir}, which the request maps to; 403 if it cannot be read. */
    static Result send(Request r, Path dir) throws IOException {
        if (!Files.isReadable(dir)) {
            return Result.FORBIDDEN;
        }
        AutoindexConfig config = r.config(AutoindexConfig.KEY);
        String type = config.type != null ? config.type : "text/html";
        String charset = config.charset != null ? config.charset : "ISO-8859-1";
        r.contentType(charset.isEmpty() ? type : type + ";charset=" + charset);
        if (config.options().contains(IndexOption.TRACK_MODIFIED)) {
            trackModified(r);
        }
        if (r.headerOnly()) {
            Brigade eos = new Brigade();
            eos.addEos();
            r.pass(eos);
            return Result.OK;
        }
        new DirectoryListing(r, dir).write();
        return Result.OK;
    }

    /** TrackModified: the directory's Last-Modified and ETag, as for a file (no conditional answers, as httpd). */
    private static void trackModified(Request r) {
        BasicFileAttributes attributes = r.fileAttributes();
        if (attributes == null) {
            return;
        }
        Instant modified = attributes.lastModifiedTime().toInstant();
        Instant now = Instant.ofEpochMilli(r.startMillis());
        r.headersOut().set("Last-Modified", HttpDate.format(modified.isAfter(now) ? now : modified));
        int parts = r.config(HttpDirConfig.KEY).fileETag.parts();
        String etag = parts == FileETag.DEFAULT ? StaticFiles.etag(attributes)
                : parts == FileETag.NONE ? null : FileETag.of(parts, attributes);
        if (etag != null) {
            r.headersOut().set("ETag", etag);
        }
    }

    private void write() throws IOException {
        IndexQuery query = IndexQuery.parse(r.args(), config, options);
        String title = RequestProcessor.escape(r.path());
        int end = title.length();
        while (end > 1 && title.charAt(end - 1) == '/') {
            end--;
        }
        title = title.substring(0, end);
        emitHead(title);
        List<IndexEntry> entries = new IndexEntries(r, dir, config, options).read(query);
        emitEntries(entries, query);
        emitTail();
        page.finish();
    }

    // ---- the page ----

    private void emitPreamble(String title) {
        boolean xhtml = options.contains(IndexOption.XHTML);
        if (xhtml) {
            page.add(XHTML_1_0_TRANSITIONAL).add("<html xmlns=\"http://www.w3.org/1999/xhtml\">\n")
                    .add(" <head>\n  <title>Index of ")
                    .add(title).add("</title>\n");
        } else {
            page.add(HTML_4_01).add("<html>\n <head>\n  <title>Index of ").add(title).add("</title>\n");
        }
        if (config.styleSheet != null) {
            page.add("  <link rel=\"stylesheet\" href=\"").add(config.styleSheet).add("\" type=\"text/css\"")
                    .add(xhtml ? " />\n" : ">\n");
        }
        if (config.headInsert != null) {
            page.add(config.headInsert);
        }
        page.add(" </head>\n <body>\n");
    }

    /** The preamble, the header file (HTML as it is, other text in a pre block), else the title. */
    private void emitHead(String title) throws IOException {
        boolean suppress = options.contains(IndexOption.SUPPRESS_HTML_PREAMBLE);
        boolean emitPreamble = true;
        boolean emitTitle = true;
        InsertedFile header = InsertedFile.find(r, dir, config.header);
        if (header != null) {
            if (header.html()) {
                emitPreamble = false;
                emitTitle = false;
                if (!suppress) {
                    emitPreamble(title);
                }
                if (!header.copyTo(page, false)) {
                    emitPreamble = suppress;
                    emitTitle = true;
                }
            } else {
                emitPreamble(title);
                emitPreamble = false;
                emitTitle = !header.copyTo(page, true);
            }
        }
        if (emitPreamble) {
            emitPreamble(title);
        }
        if (emitTitle) {
            page.add(config.styleSheet != null ? "  <h1 id=\"indextitle\">Index of " : "<h1>Index of ").add(title)
                    .add("</h1>\n");
        }
    }

    /** The readme file, then the signature unless the readme was shown, then the end unless an HTML readme ends it. */
    private void emitTail() throws IOException {
        boolean suppressSignature = false;
        boolean suppressEnd = false;
        InsertedFile readme = InsertedFile.find(r, dir, config.readme);
        if (readme != null) {
            if (readme.html()) {
                if (readme.copyTo(page, false)) {
                    suppressSignature = true;
                    suppressEnd = options.contains(IndexOption.SUPPRESS_HTML_PREAMBLE);
                }
            } else {
                suppressSignature = readme.copyTo(page, true);
            }
        }
        if (!suppressSignature) {
            page.add(ServerSignature.of(r, ""));
        }
        if (!suppressEnd) {
            page.add("</body></html>\n");
        }
    }

    private void emitEntries(List<IndexEntry> entries, IndexQuery query) throws IOException {
        boolean table = options.contains(IndexOption.HTML_TABLE);
        boolean fancy = options.contains(IndexOption.FANCY_INDEXING);
        boolean xhtml = options.contains(IndexOption.XHTML);
        boolean styled = config.styleSheet != null;
        int nameWidth = config.nameWidth;
        int descriptionWidth = config.descriptionWidth;
        if (fancy && !table) {
            if (config.nameAdjust == AutoindexConfig.Width.ADJUST) {
                for (IndexEntry e : entries) {
                    nameWidth = Math.max(nameWidth, e.bytes.length);
                }
            }
            if (config.descriptionAdjust == AutoindexConfig.Width.ADJUST) {
                for (IndexEntry e : entries) {
                    if (e.description != null) {
                        descriptionWidth = Math.max(descriptionWidth, utf8Length(e.description));
                    }
                }
            }
        }
        String breakRow = "";
        if (table) {
            breakRow = tableHead(query, styled, xhtml);
        } else if (fancy) {
            preHead(query, nameWidth, xhtml);
        } else {
            page.add("<ul>");
        }
        for (int x = 0; x < entries.size(); x++) {
            IndexEntry e = entries.get(x);
            String anchor = RequestProcessor.escape(escapePath(e.name, false));
            byte[] shown = x == 0 && e.parent ? "Parent Directory".getBytes(StandardCharsets.US_ASCII) : e.bytes;
            if (table) {
                tableRow(e, x, anchor, shown, nameWidth, styled, xhtml);
            } else if (fancy) {
                preRow(e, anchor, shown, nameWidth, descriptionWidth, xhtml);
            } else {
                page.add("<li><a href=\"").add(anchor).add("\"> ").addEscaped(shown).add("</a></li>\n");
            }
            page.flushIfFull();
        }
        if (table) {
            page.add(breakRow).add("</table>\n");
        } else if (fancy) {
            boolean rule = !options.contains(IndexOption.SUPPRESS_RULES);
            page.add(!rule ? "</pre>\n" : xhtml ? "<hr /></pre>\n" : "<hr></pre>\n");
        } else {
            page.add("</ul>\n");
        }
    }

    private void link(String anchor, char column, IndexQuery query) {
        if (options.contains(IndexOption.SUPPRESS_COLUMN_SORTING)) {
            page.add(anchor);
            return;
        }
        char direction = query.column() == column && query.direction() == 'A' ? 'D' : 'A';
        page.add("<a href=\"?C=").add(String.valueOf(column)).add(";O=").add(String.valueOf(direction))
                .add(query.columnArgs()).add("\">").add(anchor).add("</a>");
    }

    private void iconSize() {
        if (config.iconWidth != 0) {
            page.add(" width=\"").add(Integer.toString(config.iconWidth)).add("\"");
        }
        if (config.iconHeight != 0) {
            page.add(" height=\"").add(Integer.toString(config.iconHeight)).add("\"");
        }
    }

    private String tableHead(IndexQuery query, boolean styled, boolean xhtml) {
        int columns = 1;
        page.add(styled ? "  <table id=\"indexlist\">\n   <tr class=\"indexhead\">" : "  <table>\n   <tr>");
        if (!options.contains(IndexOption.SUPPRESS_ICON)) {
            page.add("<th").add(styled ? " class=\"indexcolicon\">" : " valign=\"top\">");
            String blank = IndexEntries.find(config.icons, null, null, "^^BLANKICON^^", true);
            if (blank != null) {
                page.add("<img src=\"").add(RequestProcessor.escape(blank)).add("\" alt=\"[ICO]\"");
                iconSize();
                page.add(xhtml ? " /></th>" : "></th>");
            } else {
                page.add("&nbsp;</th>");
            }
            columns++;
        }
        page.add("<th").add(styled ? " class=\"indexcolname\">" : ">");
        link("Name", 'N', query);
        if (!options.contains(IndexOption.SUPPRESS_LAST_MODIFIED)) {
            page.add("</th><th").add(styled ? " class=\"indexcollastmod\">" : ">");
            link("Last modified", 'M', query);
            columns++;
        }
        if (!options.contains(IndexOption.SUPPRESS_SIZE)) {
            page.add("</th><th").add(styled ? " class=\"indexcolsize\">" : ">");
            link("Size", 'S', query);
            columns++;
        }
        if (!options.contains(IndexOption.SUPPRESS_DESCRIPTION)) {
            page.add("</th><th").add(styled ? " class=\"indexcoldesc\">" : ">");
            link("Description", 'D', query);
            columns++;
        }
        String breakRow = "";
        if (!options.contains(IndexOption.SUPPRESS_RULES)) {
            breakRow = "   <tr" + (styled ? " class=\"indexbreakrow\"" : "") + "><th colspan=\"" + columns + "\"><hr"
                    + (xhtml ? " /" : "") + "></th></tr>\n";
        }
        page.add("</th></tr>\n").add(breakRow);
        return breakRow;
    }

    private void preHead(IndexQuery query, int nameWidth, boolean xhtml) {
        page.add("<pre>");
        if (!options.contains(IndexOption.SUPPRESS_ICON)) {
            String blank = IndexEntries.find(config.icons, null, null, "^^BLANKICON^^", true);
            if (blank != null) {
                page.add("<img src=\"").add(RequestProcessor.escape(blank)).add("\" alt=\"Icon \"");
                iconSize();
                page.add(xhtml ? " /> " : "> ");
            } else {
                page.add("      ");
            }
        }
        link("Name", 'N', query);
        page.spaces(nameWidth - 4).add(" ");
        if (!options.contains(IndexOption.SUPPRESS_LAST_MODIFIED)) {
            link("Last modified", 'M', query);
            page.add("      ");
        }
        if (!options.contains(IndexOption.SUPPRESS_SIZE)) {
            link("Size", 'S', query);
            page.add("  ");
        }
        if (!options.contains(IndexOption.SUPPRESS_DESCRIPTION)) {
            link("Description", 'D', query);
        }
        if (!options.contains(IndexOption.SUPPRESS_RULES)) {
            page.add(xhtml ? "<hr />" : "<hr>");
        } else {
            page.add("\n");
        }
    }

    private void icon(IndexEntry e, String anchor, boolean xhtml, String none) {
        if (options.contains(IndexOption.ICONS_ARE_LINKS)) {
            page.add("<a href=\"").add(anchor).add("\">");
        }
        String icon = e.icon != null ? e.icon : config.defaultIcon;
        if (icon != null) {
            page.add("<img src=\"").add(RequestProcessor.escape(icon)).add("\" alt=\"[")
                    .add(e.alt != null ? e.alt : "   ").add("]\"");
            iconSize();
            page.add(xhtml ? " />" : ">");
        } else {
            page.add(none);
        }
    }

    private void tableRow(IndexEntry e, int x, String anchor, byte[] shown, int nameWidth, boolean styled,
            boolean xhtml) {
        if (styled) {
            String parity = (x & 1) != 0 ? "odd" : "even";
            if (e.alt != null && options.contains(IndexOption.ADD_ALT_CLASS)) {
                page.add("   <tr class=\"").add(parity).add("-").add(e.alt.toLowerCase(Locale.ROOT)).add("\">");
            } else {
                page.add("   <tr class=\"").add(parity).add("\">");
            }
        } else {
            page.add("<tr>");
        }
        if (!options.contains(IndexOption.SUPPRESS_ICON)) {
            page.add("<td").add(styled ? " class=\"indexcolicon\">" : " valign=\"top\">");
            icon(e, anchor, xhtml, "&nbsp;");
            page.add(options.contains(IndexOption.ICONS_ARE_LINKS) ? "</a></td>" : "</td>");
        }
        page.add("<td").add(styled ? " class=\"indexcolname\">" : ">").add("<a href=\"").add(anchor).add("\">");
        if (config.nameAdjust == AutoindexConfig.Width.ADJUST) {
            page.addEscaped(shown).add("</a>");
        } else {
            byte[] name = cut(shown, nameWidth);
            page.addEscaped(name).add("</a>").spaces(nameWidth - name.length);
        }
        if (!options.contains(IndexOption.SUPPRESS_LAST_MODIFIED)) {
            if (e.modified != -1) {
                page.add("</td><td").add(styled ? " class=\"indexcollastmod\">" : " align=\"right\">")
                        .add(date(e.modified)).add("  ");
            } else {
                page.add("</td><td").add(styled ? " class=\"indexcollastmod\">&nbsp;" : ">&nbsp;");
            }
        }
        if (!options.contains(IndexOption.SUPPRESS_SIZE)) {
            page.add("</td><td").add(styled ? " class=\"indexcolsize\">" : " align=\"right\">").add(size(e.size));
        }
        if (!options.contains(IndexOption.SUPPRESS_DESCRIPTION)) {
            page.add("</td><td").add(styled ? " class=\"indexcoldesc\">" : ">");
            if (e.description == null) {
                page.add("&nbsp;");
            } else if (config.descriptionAdjust == AutoindexConfig.Width.ADJUST) {
                page.add(e.description);
            } else {
                page.add(terminate(e.description, config.descriptionWidth));
            }
        }
        page.add("</td></tr>\n");
    }

    private void preRow(IndexEntry e, String anchor, byte[] shown, int nameWidth, int descriptionWidth,
            boolean xhtml) {
        if (!options.contains(IndexOption.SUPPRESS_ICON)) {
            icon(e, anchor, xhtml, "     ");
            page.add(options.contains(IndexOption.ICONS_ARE_LINKS) ? "</a> " : " ");
        }
        byte[] name = cut(shown, nameWidth);
        page.add("<a href=\"").add(anchor).add("\">").addEscaped(name).add("</a>").spaces(nameWidth - name.length)
                .add(" ");
        if (!options.contains(IndexOption.SUPPRESS_LAST_MODIFIED)) {
            page.add(e.modified != -1 ? date(e.modified) + "  " : "                   ");
        }
        if (!options.contains(IndexOption.SUPPRESS_SIZE)) {
            page.add(size(e.size)).add("  ");
        }
        if (!options.contains(IndexOption.SUPPRESS_DESCRIPTION) && e.description != null) {
            page.add(terminate(e.description, descriptionWidth));
        }
        page.add("\n");
    }

    /** A name longer than the column cut to it, its end shown as {@code ..>} (counted in bytes, as httpd). */
    private static byte[] cut(byte[] name, int width) {
        if (name.length <= width) {
            return name;
        }
        byte[] cut = Arrays.copyOf(name, width);
        int keep = Math.max(0, width - 3);
        for (int i = keep; i < width; i++) {
            cut[i] = (byte) (i == width - 1 ? '>' : '.');
        }
        return cut;
    }

    /**
     * A description cut to the column: tags count for nothing and entities for one character;
     * a cut one ends with {@code >}. Without DescriptionWidth the column grows by what is
     * suppressed, as in httpd.
     */
    private String terminate(String description, int width) {
        int max = width;
        if (config.descriptionAdjust == AutoindexConfig.Width.UNSET) {
            if (options.contains(IndexOption.SUPPRESS_ICON)) {
                max += 6;
            }
            if (options.contains(IndexOption.SUPPRESS_LAST_MODIFIED)) {
                max += 19;
            }
            if (options.contains(IndexOption.SUPPRESS_SIZE)) {
                max += 7;
            }
        }
        byte[] d = description.getBytes(StandardCharsets.UTF_8);
        int x = 0;
        for (; x < d.length && (max > 0 || d[x] == '<'); x++) {
            if (d[x] == '<') {
                while (x < d.length && d[x] != '>') {
                    x++;
                }
                if (x == d.length) {
                    max = 0;
                    break;
                }
            } else if (d[x] == '&') {
                max--;
                while (x < d.length && d[x] != ';') {
                    x++;
                }
                if (x == d.length) {
                    max = 0;
                    break;
                }
            } else {
                max--;
            }
        }
        if (max == 0 && x < d.length && x > 0) {
            d[x - 1] = '>';
            return new String(d, 0, x, StandardCharsets.UTF_8);
        }
        return description;
    }

    private String date(long micros) {
        Instant instant = Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
        DateTimeFormatter format = Boolean.TRUE.equals(config.oldDateFormat) ? OLD_DATE : DATE;
        return format.format(instant.atZone(ZoneId.systemDefault()));
    }

    /**
     * A size in four characters, as apr_strfsize writes it: {@code  123 }, {@code 4.9K}, {@code  12M}, {@code   - }.
     */
    static String size(long size) {
        if (size < 0) {
            return "  - ";
        }
        if (size < 973) {
            return String.format(Locale.ROOT, "%3d ", size);
        }
        String orders = "KMGTPE";
        int order = 0;
        while (true) {
            long remain = size & 1023;
            size >>= 10;
            if (size >= 973) {
                order++;
                continue;
            }
            if (size < 9 || size == 9 && remain < 973) {
                remain = (remain * 5 + 256) / 512;
                if (remain >= 10) {
                    size++;
                    remain = 0;
                }
                return size + "." + remain + orders.charAt(order);
            }
            if (remain >= 512) {
                size++;
            }
            return String.format(Locale.ROOT, "%3d%c", size, orders.charAt(order));
        }
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * A path %-escaped for a link as httpd's ap_os_escape_path: letters, digits and
     * {@code $-_.+!*'(),:;@&=/~} as they are, other bytes as lower-case %xx; a first segment
     * with a colon gets {@code ./} before it (unless {@code partial}) so it is no scheme.
     */
    static String escapePath(String path, boolean partial) {
        StringBuilder out = new StringBuilder(path.length() + 8);
        if (!partial) {
            int colon = path.indexOf(':');
            int slash = path.indexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash)) {
                out.append("./");
            }
        }
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "$-_.+!*'(),:;@&=/~".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return out.toString();
    }
}
