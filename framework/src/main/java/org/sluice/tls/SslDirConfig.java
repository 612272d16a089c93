package org.sluice.tls;

import java.util.EnumSet;
import java.util.Set;
import org.sluice.config.DirConfigKey;

/**
 * mod_ssl's per-directory configuration: {@code SSLOptions}, which of the connection's TLS facts
 * a protocol hands on to the request's environment; {@code SSLRequireSSL}, which refuses the
 * directory to connections in plain text; and {@code SSLUserName}, the variable that names the
 * request's user. A protocol reads it from the request's per-section
 * configuration with {@link #KEY}.
 *
 * <pre>
 * &lt;FilesMatch "\.(cgi|shtml)$"&gt;
 *     SSLOptions +StdEnvVars
 * &lt;/FilesMatch&gt;
 * &lt;Location /account&gt;
 *     SSLRequireSSL
 * &lt;/Location&gt;
 * </pre>
 */
public final class SslDirConfig {

    /**
     * The options mod_ssl knows. Sluice acts on {@link #STD_ENV_VARS} and
     * {@link #EXPORT_CERT_DATA}; it accepts the others.
     */
    public enum Option {
        STD_ENV_VARS("StdEnvVars"),
        EXPORT_CERT_DATA("ExportCertData"),
        FAKE_BASIC_AUTH("FakeBasicAuth"),
        STRICT_REQUIRE("StrictRequire"),
        OPT_RENEGOTIATE("OptRenegotiate"),
        LEGACY_DN_STRING_FORMAT("LegacyDNStringFormat");

        private final String word;

        Option(String word) {
            this.word = word;
        }

        /** The option's name in {@code SSLOptions}. */
        public String word() {
            return word;
        }
    }

    public static final DirConfigKey<SslDirConfig> KEY = DirConfigKey.of("ssl-options", SslDirConfig::new, SslDirConfig::merge);

    /** {@code SSLRequireSSL} here or above; null when not said. */
    private Boolean requireSsl;
    /** {@code SSLUserName}: the variable whose value names the request's user; null for none. */
    private String userName;

    private Set<Option> options = EnumSet.noneOf(Option.class);
    private Set<Option> added = EnumSet.noneOf(Option.class);
    private Set<Option> removed = EnumSet.noneOf(Option.class);
    /** True once a word without + or - replaced the inherited options. */
    private boolean replaces;

    /** {@code SSLRequireSSL}: whether the section is refused to connections without TLS. */
    public boolean sslRequired() {
        return Boolean.TRUE.equals(requireSsl);
    }

    /** {@code SSLRequireSSL} was given for this section. */
    public void requireSsl() {
        requireSsl = true;
    }

    /**
     * {@code SSLUserName}: the mod_ssl variable ({@code SSL_CLIENT_S_DN_CN}, say) whose value
     * becomes the request's user, for logs and {@code REMOTE_USER}; null for none.
     */
    public String userName() {
        return userName;
    }

    /** {@code SSLUserName variable} was given for this section. */
    public void userName(String variable) {
        userName = variable;
    }

    /** Whether {@code option} is on here. */
    public boolean has(Option option) {
        return options.contains(option);
    }

    /** {@code SSLOptions} words: a bare word replaces what is inherited, {@code +}/{@code -} words amend it. */
    public void apply(Option option, char sign) {
        switch (sign) {
            case '+' -> {
                added.add(option);
                removed.remove(option);
                options.add(option);
            }
            case '-' -> {
                removed.add(option);
                added.remove(option);
                options.remove(option);
            }
            default -> {
                replaces = true;
                options = EnumSet.of(option);
                added = EnumSet.noneOf(Option.class);
                removed = EnumSet.noneOf(Option.class);
            }
        }
    }

    static SslDirConfig merge(SslDirConfig parent, SslDirConfig child) {
        SslDirConfig merged = new SslDirConfig();
        merged.requireSsl = child.requireSsl != null ? child.requireSsl : parent.requireSsl;
        merged.userName = child.userName != null ? child.userName : parent.userName;
        if (child.replaces) {
            merged.options = EnumSet.copyOf(child.options);
            merged.replaces = true;
        } else {
            merged.options = parent.options.isEmpty() ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(parent.options);
            merged.options.addAll(child.added);
            merged.options.removeAll(child.removed);
        }
        merged.added = child.added.isEmpty() ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(child.added);
        merged.removed = child.removed.isEmpty() ? EnumSet.noneOf(Option.class) : EnumSet.copyOf(child.removed);
        return merged;
    }
}
