package org.sluice.http;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.sluice.config.DirConfigKey;
import org.sluice.config.OverrideClass;

/**
 * What a directory allows its access files: {@code AllowOverride}, {@code AllowOverrideList}
 * and {@code AccessFileName}. Unset values (null) inherit; the defaults are Apache 2.4's:
 * {@code AllowOverride None}, {@code AccessFileName .htaccess}.
 */
final class AccessFileConfig {

    static final DirConfigKey<AccessFileConfig> KEY =
            DirConfigKey.of("http-access-files", AccessFileConfig::new, AccessFileConfig::merge);

    static final List<String> DEFAULT_NAMES = List.of(".htaccess");

    /** {@code AllowOverride} classes; null: inherit. */
    Set<OverrideClass> overrides;
    /** {@code AllowOverride Options=...}: the options an access file may set; null: any. */
    Set<HttpDirConfig.Option> options;
    /** {@code AllowOverrideList} directive names, lower case; null: inherit. */
    Set<String> directives;
    /** {@code AccessFileName}; null: inherit. */
    List<String> names;

    Set<OverrideClass> overrides() {
        return overrides == null ? Set.of() : overrides;
    }

    Set<String> directives() {
        return directives == null ? Set.of() : directives;
    }

    List<String> names() {
        return names == null ? DEFAULT_NAMES : names;
    }

    /** True when no access file is read here (AllowOverride None, no AllowOverrideList). */
    boolean none() {
        return overrides().isEmpty() && directives().isEmpty();
    }

    static AccessFileConfig merge(AccessFileConfig parent, AccessFileConfig child) {
        AccessFileConfig m = new AccessFileConfig();
        if (child.overrides != null) {
            m.overrides = child.overrides;
            m.options = child.options;
        } else {
            m.overrides = parent.overrides;
            m.options = parent.options;
        }
        m.directives = child.directives != null ? child.directives : parent.directives;
        m.names = child.names != null ? child.names : parent.names;
        return m;
    }

    static Set<OverrideClass> all() {
        return EnumSet.allOf(OverrideClass.class);
    }
}
