package org.sluice.http;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.module.Registry;

/**
 * mod_autoindex's directives, with its help texts and error messages: anywhere from the server
 * to {@code .htaccess} under {@code AllowOverride Indexes}.
 */
final class AutoindexDirectives {

    private static final Set<OverrideClass> INDEXES = EnumSet.of(OverrideClass.INDEXES);

    private AutoindexDirectives() {
    }

    static void register(Registry r) {
        item(r, "AddIcon", AutoindexConfig.Match.PATH, true, "an icon URL followed by one or more filenames");
        item(r, "AddIconByType", AutoindexConfig.Match.TYPE, true, "an icon URL followed by one or more MIME types");
        item(r, "AddIconByEncoding", AutoindexConfig.Match.ENCODING, true,
                "an icon URL followed by one or more content encodings");
        item(r, "AddAlt", AutoindexConfig.Match.PATH, false,
                "alternate descriptive text followed by one or more filenames");
        item(r, "AddAltByType", AutoindexConfig.Match.TYPE, false,
                "alternate descriptive text followed by one or more MIME types");
        item(r, "AddAltByEncoding", AutoindexConfig.Match.ENCODING, false,
                "alternate descriptive text followed by one or more content encodings");
        indexes(r, "IndexOptions", ArgShape.RAW_ARGS, "one or more index options [+|-][]",
                AutoindexDirectives::indexOptions);
        indexes(r, "IndexOrderDefault", ArgShape.TAKE2, "{Ascending,Descending} {Name,Size,Description,Date}",
                AutoindexDirectives::indexOrderDefault);
        indexes(r, "IndexIgnore", ArgShape.ITERATE, "one or more file extensions",
                c -> config(c).ignored.add(c.arg(0)));
        indexes(r, "IndexIgnoreReset", ArgShape.FLAG, "Reset the inherited list of IndexIgnore filenames",
                c -> config(c).ignoreReset = c.flag());
        indexes(r, "AddDescription", ArgShape.ITERATE2, "Descriptive text followed by one or more filenames",
                c -> config(c).descriptions.add(description(c.arg(0), c.arg(1))));
        indexes(r, "HeaderName", ArgShape.TAKE1, "a filename", c -> config(c).header = c.arg(0));
        indexes(r, "ReadmeName", ArgShape.TAKE1, "a filename", c -> config(c).readme = c.arg(0));
        String fancyIndexing = "The FancyIndexing directive is no longer supported. Use IndexOptions FancyIndexing.";
        r.directive(Directive.withOverrides("FancyIndexing", ArgShape.RAW_ARGS, Directive.ANYWHERE_AND_HTACCESS,
                EnumSet.allOf(OverrideClass.class), fancyIndexing, c -> {
                    throw c.error(fancyIndexing);
                }));
        indexes(r, "DefaultIcon", ArgShape.TAKE1, "an icon URL", c -> config(c).defaultIcon = c.arg(0));
        indexes(r, "IndexStyleSheet", ArgShape.TAKE1, "URL to style sheet", c -> config(c).styleSheet = c.arg(0));
        indexes(r, "IndexHeadInsert", ArgShape.TAKE1, "String to insert in HTML HEAD section",
                c -> config(c).headInsert = c.arg(0));
    }

    private static void indexes(Registry r, String name, ArgShape shape, String help, Directive.Handler handler) {
        r.directive(Directive.withOverrides(name, shape, Directive.ANYWHERE_AND_HTACCESS, INDEXES, help, handler));
    }

    private static AutoindexConfig config(DirectiveCall c) {
        return c.dirConfig(AutoindexConfig.KEY);
    }

    /** AddIcon and AddAlt and their variants: an icon may carry its alternate text, {@code (ALT,/icon.gif)}. */
    private static void item(Registry r, String name, AutoindexConfig.Match match, boolean icon, String help) {
        indexes(r, name, ArgShape.ITERATE2, help, c -> {
            AutoindexConfig d = config(c);
            String data = c.arg(0);
            String to = c.arg(1);
            if (match == AutoindexConfig.Match.PATH && to.equals("**DIRECTORY**")) {
                to = "^^DIRECTORY^^";
            } else if (match == AutoindexConfig.Match.ENCODING) {
                to = to.toLowerCase(Locale.ROOT);
            }
            // a bare name is a suffix: .txt applies to every name ending with it
            String pattern = match == AutoindexConfig.Match.PATH && !IndexPatterns.hasWildcards(to) ? "*" + to : to;
            if (icon && data.startsWith("(")) {
                int close = data.indexOf(')');
                if (close < 0) {
                    throw c.error("missing closing paren");
                }
                // (ALT,/icon.gif) as httpd splits it: the text to the first comma, the URL to the paren
                int comma = data.indexOf(',');
                String alt = comma >= 0 && comma < close ? data.substring(1, comma) : data.substring(1, close);
                d.alts.add(new AutoindexConfig.Item(match, pattern, alt));
                data = comma < 0 ? "" : comma < close ? data.substring(comma + 1, close) : data.substring(comma + 1);
            }
            (icon ? d.icons : d.alts).add(new AutoindexConfig.Item(match, pattern, data));
        });
    }

    private static AutoindexConfig.Description description(String text, String to) {
        boolean fullPath = to.indexOf('/') >= 0;
        boolean wildcards = fullPath || IndexPatterns.hasFnmatchWildcards(to);
        String pattern = wildcards ? (fullPath ? "*/" : "*") + to + "*" : to;
        return new AutoindexConfig.Description(pattern, text, fullPath, wildcards);
    }

    private static void indexOrderDefault(DirectiveCall c) throws ConfigException {
        AutoindexConfig d = config(c);
        if (c.arg(0).equalsIgnoreCase("Ascending")) {
            d.orderDirection = 'A';
        } else if (c.arg(0).equalsIgnoreCase("Descending")) {
            d.orderDirection = 'D';
        } else {
            throw c.error("First keyword must be 'Ascending' or 'Descending'");
        }
        d.orderKey = switch (c.arg(1).toLowerCase(Locale.ROOT)) {
            case "name" -> 'N';
            case "date" -> 'M';
            case "size" -> 'S';
            case "description" -> 'D';
            default -> throw c.error("Second keyword must be 'Name', 'Date', 'Size', or 'Description'");
        };
    }

    /** IndexOptions: each word as httpd takes it, in order; a word without + or - forgets this section's changes. */
    private static void indexOptions(DirectiveCall c) throws ConfigException {
        AutoindexConfig d = config(c);
        for (String word : c.args()) {
            char action = word.isEmpty() ? 0 : word.charAt(0);
            if (action == '+' || action == '-') {
                word = word.substring(1);
            } else {
                action = 0;
            }
            IndexOption option = IndexOption.named(word);
            if (option == null && !setting(c, d, action, word)) {
                continue;
            }
            if (action == 0) {
                if (option != null) {
                    if (d.options == null) {
                        d.options = EnumSet.noneOf(IndexOption.class);
                    }
                    d.options.add(option);
                }
                d.added.clear();
                d.removed.clear();
            } else if (action == '+') {
                if (option != null) {
                    d.added.add(option);
                    d.removed.remove(option);
                }
            } else if (option != null) {
                d.removed.add(option);
                d.added.remove(option);
            }
            if (d.none && d.options != null && !d.options.isEmpty()) {
                throw c.error("Cannot combine other IndexOptions keywords with 'None'");
            }
        }
    }

    /**
     * A word of IndexOptions that is no on/off option: a width, a type, {@code None}. Returns
     * whether the word still takes part in the + and - bookkeeping (as in httpd, a plain one
     * clears this section's changes).
     */
    private static boolean setting(DirectiveCall c, AutoindexConfig d, char action, String word)
            throws ConfigException {
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) {
            if (action != 0) {
                throw c.error("Cannot combine '+' or '-' with 'None' keyword");
            }
            d.options = EnumSet.noneOf(IndexOption.class);
            d.none = true;
            d.added.clear();
            d.removed.clear();
            return false;
        } else if (lower.equals("iconwidth")) {
            d.iconWidth = action != '-' ? AutoindexConfig.DEFAULT_ICON_WIDTH : 0;
        } else if (lower.startsWith("iconwidth=")) {
            if (action == '-') {
                throw c.error("Cannot combine '-' with IconWidth=n");
            }
            d.iconWidth = (int) LeadingNumber.of(word.substring(10));
        } else if (lower.equals("iconheight")) {
            d.iconHeight = action != '-' ? AutoindexConfig.DEFAULT_ICON_HEIGHT : 0;
        } else if (lower.startsWith("iconheight=")) {
            if (action == '-') {
                throw c.error("Cannot combine '-' with IconHeight=n");
            }
            d.iconHeight = (int) LeadingNumber.of(word.substring(11));
        } else if (lower.equals("namewidth")) {
            if (action != '-') {
                throw c.error("NameWidth with no value may only appear as '-NameWidth'");
            }
            d.nameWidth = AutoindexConfig.DEFAULT_NAME_WIDTH;
            d.nameAdjust = AutoindexConfig.Width.FIXED;
        } else if (lower.startsWith("namewidth=")) {
            if (action == '-') {
                throw c.error("Cannot combine '-' with NameWidth=n");
            }
            if (word.startsWith("*", 10)) {
                d.nameAdjust = AutoindexConfig.Width.ADJUST;
            } else {
                int width = (int) LeadingNumber.of(word.substring(10));
                // httpd also takes 0, and then cannot lay a name out
                if (width < 5) {
                    throw c.error("NameWidth value must be greater than 5");
                }
                d.nameWidth = width;
                d.nameAdjust = AutoindexConfig.Width.FIXED;
            }
        } else if (lower.equals("descriptionwidth")) {
            if (action != '-') {
                throw c.error("DescriptionWidth with no value may only appear as '-DescriptionWidth'");
            }
            d.descriptionWidth = AutoindexConfig.DEFAULT_DESCRIPTION_WIDTH;
            d.descriptionAdjust = AutoindexConfig.Width.FIXED;
        } else if (lower.startsWith("descriptionwidth=")) {
            if (action == '-') {
                throw c.error("Cannot combine '-' with DescriptionWidth=n");
            }
            if (word.startsWith("*", 17)) {
                d.descriptionAdjust = AutoindexConfig.Width.ADJUST;
            } else {
                int width = (int) LeadingNumber.of(word.substring(17));
                if (width != 0 && width < 12) {
                    throw c.error("DescriptionWidth value must be greater than 12");
                }
                d.descriptionWidth = width;
                d.descriptionAdjust = AutoindexConfig.Width.FIXED;
            }
        } else if (lower.startsWith("type=")) {
            d.type = word.substring(5);
        } else if (lower.startsWith("charset=")) {
            d.charset = word.substring(8);
        } else if (lower.equals("useolddateformat")) {
            d.oldDateFormat = true;
        } else {
            throw c.error("Invalid directory indexing option");
        }
        return true;
    }
}
