package org.sluice.smtp.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.sluice.config.ServerConfigKey;
import org.sluice.server.VirtualHost;

/**
 * The SMTP server's per-host settings; a {@code <VirtualHost>} inherits what it does not set
 * from the main server.
 */
public final class SmtpConfig {

    public static final ServerConfigKey<SmtpConfig> KEY = ServerConfigKey.of("smtp", SmtpConfig::new, SmtpConfig::merge);

    static final long DEFAULT_MAX_MESSAGE_SIZE = 10L * 1024 * 1024;
    static final int DEFAULT_MAX_RECIPIENTS = 100;
    static final List<String> DEFAULT_ACCEPT_DOMAINS = List.of("localhost");
    static final String DEFAULT_MAILDIR = "maildir";

    /** {@code SMTPAuth}: whether AUTH is offered (under TLS), and whether MAIL needs it. */
    public enum Auth {
        OFF, ON, REQUIRED
    }

    String hostname;
    Long maxMessageSize;
    Integer maxRecipients;
    List<String> acceptDomains;
    Path maildir;
    Auth auth;

    /** {@code SMTPHostname}: the name in the greeting and in {@code Received:}; the host's ServerName by default. */
    String hostname(VirtualHost host) {
        return hostname != null ? hostname : host.serverName();
    }

    /** {@code SMTPMaxMessageSize}: the largest message accepted, in bytes, as received after DATA. */
    long maxMessageSize() {
        return maxMessageSize != null ? maxMessageSize : DEFAULT_MAX_MESSAGE_SIZE;
    }

    /** {@code SMTPMaxRecipients}: recipients per message. */
    int maxRecipients() {
        return maxRecipients != null ? maxRecipients : DEFAULT_MAX_RECIPIENTS;
    }

    /** Whether {@code SMTPAcceptDomain} lists {@code domain} (case-insensitive, a trailing dot ignored). */
    boolean accepts(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        return (acceptDomains != null ? acceptDomains : DEFAULT_ACCEPT_DOMAINS).contains(d);
    }

    /** {@code SMTPMaildir}, or {@code maildir} under the server root. */
    Path maildir(Path serverRoot) {
        return maildir != null ? maildir : serverRoot.resolve(DEFAULT_MAILDIR);
    }

    Auth auth() {
        return auth != null ? auth : Auth.ON;
    }

    private static SmtpConfig merge(SmtpConfig base, SmtpConfig host) {
        SmtpConfig merged = new SmtpConfig();
        merged.hostname = host.hostname != null ? host.hostname : base.hostname;
        merged.maxMessageSize = host.maxMessageSize != null ? host.maxMessageSize : base.maxMessageSize;
        merged.maxRecipients = host.maxRecipients != null ? host.maxRecipients : base.maxRecipients;
        merged.acceptDomains = host.acceptDomains != null ? host.acceptDomains : base.acceptDomains;
        merged.maildir = host.maildir != null ? host.maildir : base.maildir;
        merged.auth = host.auth != null ? host.auth : base.auth;
        return merged;
    }
}
