package org.sluice.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * mod_rewrite's settings of the main server and each virtual host: {@code RewriteEngine},
 * {@code RewriteOptions}, the {@code RewriteMap}s and the rules tried at translate_name. A
 * virtual host inherits the main server's engine state and options, but its rules and maps
 * only with {@code RewriteOptions Inherit} (after its own rules, its own map of a name
 * winning) or {@code InheritBefore} (before them, the main server's map winning), as in httpd.
 * Kept in {@link HttpServerConfig} (null where no mod_rewrite directive is written).
 */
final class RewriteServerConfig {

    Boolean engine;
    RewriteOptions options;
    List<RewriteRule> rules = new ArrayList<>();
    /** The maps by name: those of this host's rules and of the rules of its directories. */
    Map<String, RewriteMap> maps = new HashMap<>();
    List<RewriteCondition> pendingConditions = new ArrayList<>();

    RewriteOptions options() {
        return options == null ? RewriteOptions.NONE : options;
    }

    /** The virtual host's settings over the main server's, either of which may be null (none written). */
    static RewriteServerConfig merge(RewriteServerConfig base, RewriteServerConfig host) {
        if (base == null || host == null) {
            if (base == null) {
                return host;
            }
            host = new RewriteServerConfig();
        }
        RewriteServerConfig m = new RewriteServerConfig();
        m.engine = host.engine != null ? host.engine : base.engine;
        m.options = host.options != null ? host.options : base.options;
        m.rules = m.options().inherit(base.rules, host.rules);
        RewriteOptions options = m.options();
        if (options.inherit() || options.inheritBefore()) {
            m.maps = new HashMap<>(options.inherit() ? base.maps : host.maps);
            m.maps.putAll(options.inherit() ? host.maps : base.maps);
        } else {
            m.maps = host.maps;
        }
        return m;
    }
}
