package org.sluice.cgi;

import java.time.Duration;
import org.sluice.config.DirConfigKey;

/**
 * The module's per-directory settings, merged parent to child: {@code CGIScriptTimeout} and
 * {@code CGIPassAuth} (null: inherited).
 */
final class CgiDirConfig {

    static final DirConfigKey<CgiDirConfig> KEY = DirConfigKey.of("cgi", CgiDirConfig::new, CgiDirConfig::merge);

    /** {@code CGIScriptTimeout}: how long a script may go without output; null for the connection's {@code Timeout}. */
    Duration scriptTimeout;
    /** {@code CGIPassAuth}: whether scripts see {@code Authorization}. */
    Boolean passAuth;

    boolean passAuth() {
        return passAuth != null && passAuth;
    }

    static CgiDirConfig merge(CgiDirConfig parent, CgiDirConfig child) {
        CgiDirConfig merged = new CgiDirConfig();
        merged.scriptTimeout = child.scriptTimeout != null ? child.scriptTimeout : parent.scriptTimeout;
        merged.passAuth = child.passAuth != null ? child.passAuth : parent.passAuth;
        return merged;
    }
}
