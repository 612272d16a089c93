package org.sluice.http;

import java.util.ArrayList;
import java.util.List;

/**
 * mod_rewrite's per-directory settings: {@code RewriteEngine}, {@code RewriteOptions},
 * {@code RewriteBase} and the rules of a {@code <Directory>} section or an access file. As in
 * httpd, a directory's rules replace those of the directories above it unless it says
 * {@code RewriteOptions Inherit} (theirs after its own) or {@code InheritBefore} (before), and
 * its {@code RewriteBase} is its own. At the top level of a server or virtual host this holds
 * only the engine's state, which the sections below inherit. Kept in {@link HttpDirConfig}
 * (null where no mod_rewrite directive applies), so a request where none does costs one field
 * read.
 */
final class RewriteDirConfig {

    /** {@code RewriteEngine}; null to inherit (Off). */
    Boolean engine;
    /** {@code RewriteOptions}; null to inherit. */
    RewriteOptions options;
    /** {@code RewriteBase}: a URL path, or null. */
    String base;
    /** The directory the rules apply to, with a trailing slash; null at the top level of a host. */
    String directory;
    List<RewriteRule> rules = new ArrayList<>();
    /** {@code RewriteCond}s read since the last rule: they belong to the next one. */
    List<RewriteCondition> pendingConditions = new ArrayList<>();

    boolean engineOn() {
        return engine != null && engine;
    }

    RewriteOptions options() {
        return options == null ? RewriteOptions.NONE : options;
    }

    /** {@code child} over {@code parent}, either of which may be null (nothing said there). */
    static RewriteDirConfig merge(RewriteDirConfig parent, RewriteDirConfig child) {
        if (child == null || parent == null) {
            return child == null ? parent : child;
        }
        RewriteDirConfig m = new RewriteDirConfig();
        m.engine = child.engine != null ? child.engine : parent.engine;
        m.options = child.options != null ? child.options : parent.options;
        m.base = child.base;
        m.directory = child.directory;
        m.rules = m.options().inherit(parent.rules, child.rules);
        return m;
    }
}
