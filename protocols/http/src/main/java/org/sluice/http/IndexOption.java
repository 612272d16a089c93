package org.sluice.http;

/** The keywords of mod_autoindex's {@code IndexOptions} that switch a feature on or off. */
enum IndexOption {
    FANCY_INDEXING("FancyIndexing"),
    FOLDERS_FIRST("FoldersFirst"),
    HTML_TABLE("HTMLTable"),
    ICONS_ARE_LINKS("IconsAreLinks"),
    IGNORE_CASE("IgnoreCase"),
    IGNORE_CLIENT("IgnoreClient"),
    SUPPRESS_COLUMN_SORTING("SuppressColumnSorting"),
    SUPPRESS_DESCRIPTION("SuppressDescription"),
    SUPPRESS_HTML_PREAMBLE("SuppressHTMLPreamble"),
    SUPPRESS_ICON("SuppressIcon"),
    SUPPRESS_LAST_MODIFIED("SuppressLastModified"),
    SUPPRESS_SIZE("SuppressSize"),
    SUPPRESS_RULES("SuppressRules"),
    VERSION_SORT("VersionSort"),
    XHTML("XHTML"),
    SHOW_FORBIDDEN("ShowForbidden"),
    ADD_ALT_CLASS("AddAltClass"),
    SCAN_HTML_TITLES("ScanHTMLTitles"),
    TRACK_MODIFIED("TrackModified");

    private final String keyword;

    IndexOption(String keyword) {
        this.keyword = keyword;
    }

    /** The option a word names, case-insensitively; null for none. */
    static IndexOption named(String word) {
        for (IndexOption option : values()) {
            if (option.keyword.equalsIgnoreCase(word)) {
                return option;
            }
        }
        return null;
    }
}
