package org.sluice.http;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sluice.config.DirConfigKey;

/**
 * mod_autoindex's per-directory settings, merged parent to child as httpd merges them: lists
 * (icons, alternate texts, descriptions, ignored names) the child's first, {@code IndexOptions}
 * either replacing the parent's (a line without + or -) or changing them.
 */
final class AutoindexConfig {

    static final DirConfigKey<AutoindexConfig> KEY = DirConfigKey.of("autoindex", AutoindexConfig::new,
            AutoindexConfig::merge);

    /** Widths when no {@code NameWidth} or {@code DescriptionWidth} says otherwise. */
    static final int DEFAULT_NAME_WIDTH = 23;
    static final int DEFAULT_DESCRIPTION_WIDTH = 23;
    /** {@code IconWidth} and {@code IconHeight} without a value. */
    static final int DEFAULT_ICON_WIDTH = 20;
    static final int DEFAULT_ICON_HEIGHT = 22;

    /** How a width is decided: as configured, to the longest entry ({@code =*}), or not said here. */
    enum Width { FIXED, ADJUST, UNSET }

    /** What an icon or alternate text applies to: names, MIME types, or content encodings. */
    enum Match { PATH, TYPE, ENCODING }

    /**
     * An icon URL or alternate text and what it applies to: a name pattern ({@code *} and
     * {@code ?}, a bare suffix made {@code *suffix}), a type or an encoding pattern.
     */
    record Item(Match match, String pattern, String data) {
    }

    /** An {@code AddDescription}: a name (a substring of it) or a wildcard pattern. */
    record Description(String pattern, String text, boolean fullPath, boolean wildcards) {
    }

    /** Absolute options (null: none on any line here), and whether {@code None} set them. */
    Set<IndexOption> options;
    boolean none;
    Set<IndexOption> added = EnumSet.noneOf(IndexOption.class);
    Set<IndexOption> removed = EnumSet.noneOf(IndexOption.class);
    int nameWidth = DEFAULT_NAME_WIDTH;
    Width nameAdjust = Width.UNSET;
    int descriptionWidth = DEFAULT_DESCRIPTION_WIDTH;
    Width descriptionAdjust = Width.UNSET;
    /** 0: not said. */
    int iconWidth;
    int iconHeight;
    String type;
    String charset;
    /** {@code UseOldDateFormat}: 07-Apr-1975 01:24 rather than 1975-04-07 01:24; null when not said. */
    Boolean oldDateFormat;
    String defaultIcon;
    String styleSheet;
    String headInsert;
    String header;
    String readme;
    /** {@code IndexOrderDefault}: the column letter (N, M, S, D) and A or D; 0 when not said. */
    char orderKey;
    char orderDirection;
    List<Item> icons = new ArrayList<>();
    List<Item> alts = new ArrayList<>();
    List<Description> descriptions = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    boolean ignoreReset;

    /**
     * The options in force here (a copy). As in httpd, + and - changes apply only once merged
     * over a parent: those of a section that is itself the whole configuration (the server's,
     * with no section of mod_autoindex's on the way) are not in force.
     */
    Set<IndexOption> options() {
        return options == null ? EnumSet.noneOf(IndexOption.class) : EnumSet.copyOf(options);
    }

    static AutoindexConfig merge(AutoindexConfig parent, AutoindexConfig child) {
        AutoindexConfig m = new AutoindexConfig();
        m.defaultIcon = child.defaultIcon != null ? child.defaultIcon : parent.defaultIcon;
        m.styleSheet = child.styleSheet != null ? child.styleSheet : parent.styleSheet;
        m.headInsert = child.headInsert != null ? child.headInsert : parent.headInsert;
        m.header = child.header != null ? child.header : parent.header;
        m.readme = child.readme != null ? child.readme : parent.readme;
        m.iconWidth = child.iconWidth != 0 ? child.iconWidth : parent.iconWidth;
        m.iconHeight = child.iconHeight != 0 ? child.iconHeight : parent.iconHeight;
        m.type = child.type != null ? child.type : parent.type;
        m.charset = child.charset != null ? child.charset : parent.charset;
        m.oldDateFormat = child.oldDateFormat != null ? child.oldDateFormat : parent.oldDateFormat;
        m.alts = childFirst(child.alts, parent.alts);
        m.descriptions = childFirst(child.descriptions, parent.descriptions);
        m.icons = childFirst(child.icons, parent.icons);
        m.ignored = child.ignoreReset ? child.ignored : childFirst(child.ignored, parent.ignored);
        if (child.none && child.options.isEmpty()) {
            // IndexOptions None here: nothing from above, not even its + and - changes
            m.options = EnumSet.noneOf(IndexOption.class);
            m.none = true;
        } else if (child.options == null) {
            // only + and - here: they apply over what the parent has
            m.added = EnumSet.copyOf(parent.added);
            m.added.addAll(child.added);
            m.added.removeAll(child.removed);
            m.removed = EnumSet.copyOf(parent.removed);
            m.removed.addAll(child.removed);
            m.options = parent.options();
            m.options.addAll(m.added);
            m.options.removeAll(m.removed);
        } else {
            m.options = EnumSet.copyOf(child.options);
        }
        if (child.nameAdjust == Width.UNSET) {
            m.nameWidth = parent.nameWidth;
            m.nameAdjust = parent.nameAdjust;
        } else {
            m.nameWidth = child.nameWidth;
            m.nameAdjust = child.nameAdjust;
        }
        if (child.descriptionAdjust == Width.UNSET) {
            m.descriptionWidth = parent.descriptionWidth;
            m.descriptionAdjust = parent.descriptionAdjust;
        } else {
            m.descriptionWidth = child.descriptionWidth;
            m.descriptionAdjust = child.descriptionAdjust;
        }
        m.orderKey = child.orderKey != 0 ? child.orderKey : parent.orderKey;
        m.orderDirection = child.orderDirection != 0 ? child.orderDirection : parent.orderDirection;
        return m;
    }

    private static <T> List<T> childFirst(List<T> child, List<T> parent) {
        if (parent.isEmpty()) {
            return child;
        }
        if (child.isEmpty()) {
            return parent;
        }
        List<T> both = new ArrayList<>(child);
        both.addAll(parent);
        return both;
    }
}
