package org.sluice.http;

import java.util.ArrayList;
import java.util.List;
import org.sluice.config.ServerConfigKey;

/**
 * mod_rewrite's settings of the main server and each virtual host: {@code RewriteEngine},
 * {@code RewriteOptions} and the rules tried at translate_name. A virtual host inherits the
 * main server's engine state and options, but its rules only with {@code RewriteOptions
 * Inherit} (after its own) or {@code InheritBefore} (before), as in httpd.
 */
final class RewriteServerConfig {

    static final ServerConfigKey<RewriteServerConfig> KEY =
            ServerConfigKey.of("rewrite", RewriteServerConfig::new, RewriteServerConfig::merge);

    Boolean engine;
    RewriteOptions options;
    List<RewriteRule> rules = new ArrayList<>();
    List<RewriteCondition> pendingConditions = new ArrayList<>();

    RewriteOptions options() {
        return options == null ? RewriteOptions.NONE : options;
    }

    static RewriteServerConfig merge(RewriteServerConfig base, RewriteServerConfig host) {
        RewriteServerConfig m = new RewriteServerConfig();
        m.engine = host.engine != null ? host.engine : base.engine;
        m.options = host.options != null ? host.options : base.options;
        m.rules = m.options().inherit(base.rules, host.rules);
        return m;
    }
}
