package org.sluice.http;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code RewriteOptions}: how rules are inherited from the enclosing level (the main server for
 * a virtual host, the directories above for a directory).
 *
 * @param inherit {@code Inherit}: the parent's rules run after this level's own
 * @param inheritBefore {@code InheritBefore}: the parent's rules run first
 */
record RewriteOptions(boolean inherit, boolean inheritBefore) {

    static final RewriteOptions NONE = new RewriteOptions(false, false);

    /** This level's rules, with the parent's where the options say. */
    List<RewriteRule> inherit(List<RewriteRule> parent, List<RewriteRule> own) {
        if ((!inherit && !inheritBefore) || parent.isEmpty()) {
            return own;
        }
        List<RewriteRule> both = new ArrayList<>(parent.size() + own.size());
        if (inherit) {
            both.addAll(own);
            both.addAll(parent);
        } else {
            both.addAll(parent);
            both.addAll(own);
        }
        return both;
    }
}
