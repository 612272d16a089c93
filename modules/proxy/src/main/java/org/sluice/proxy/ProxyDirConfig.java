package org.sluice.proxy;

import java.util.ArrayList;
import java.util.List;
import org.sluice.config.DirConfigKey;

/**
 * The proxy's per-directory configuration: the {@code ProxyPass} of a {@code <Location>}
 * section, the {@code ProxyPassReverse} mappings (a section's after those above it),
 * {@code ProxyPreserveHost} and {@code ProxyAddHeaders}.
 */
final class ProxyDirConfig {

    static final DirConfigKey<ProxyDirConfig> KEY = DirConfigKey.of("proxy", ProxyDirConfig::new, ProxyDirConfig::merge);

    /** The {@code ProxyPass url} of the section, or null. */
    ProxyMapping location;
    final List<ReverseMapping> reverse = new ArrayList<>();
    /** {@code ProxyPreserveHost}; null when not set here (Off). */
    Boolean preserveHost;
    /** {@code ProxyAddHeaders}; null when not set here (On). */
    Boolean addHeaders;

    boolean preserveHost() {
        return preserveHost != null && preserveHost;
    }

    boolean addHeaders() {
        return addHeaders == null || addHeaders;
    }

    private static ProxyDirConfig merge(ProxyDirConfig parent, ProxyDirConfig child) {
        ProxyDirConfig merged = new ProxyDirConfig();
        merged.location = child.location != null ? child.location : parent.location;
        merged.reverse.addAll(parent.reverse);
        merged.reverse.addAll(child.reverse);
        merged.preserveHost = child.preserveHost != null ? child.preserveHost : parent.preserveHost;
        merged.addHeaders = child.addHeaders != null ? child.addHeaders : parent.addHeaders;
        return merged;
    }
}
