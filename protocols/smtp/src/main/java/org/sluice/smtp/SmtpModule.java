package org.sluice.smtp;

import org.sluice.module.Module;
import org.sluice.module.Registry;
import org.sluice.smtp.internal.SmtpDirectives;
import org.sluice.smtp.internal.SmtpHandler;

/**
 * Module {@code smtp}: an ESMTP server (RFC 5321) that delivers every message it accepts to one
 * Maildir, with {@code SIZE}, {@code PIPELINING}, {@code 8BITMIME}, {@code ENHANCEDSTATUSCODES},
 * {@code STARTTLS} and {@code AUTH PLAIN LOGIN}. {@code ProtocolHandler smtp} (or {@code Listen
 * 2525 smtp}) selects it; the {@code <Location smtp>} section decides which addresses may connect
 * and which users may authenticate:
 *
 * <pre>
 * Listen 2525 smtp
 * &lt;VirtualHost *:2525&gt;
 *     SMTPHostname mail.example.org
 *     SMTPAcceptDomain example.org example.net
 *     SMTPMaildir maildir
 *     # with a certificate, STARTTLS is offered, and AUTH after it
 *     SSLCertificateFile conf/mail.pem
 *     SSLCertificateKeyFile conf/mail.key
 *     SMTPAuth Required
 *     &lt;Location smtp&gt;
 *         AuthType Basic
 *         AuthName smtp
 *         AuthUserFile conf/basic-auth
 *         &lt;RequireAll&gt;
 *             Require ip 192.0.2.0/24
 *             Require valid-user
 *         &lt;/RequireAll&gt;
 *     &lt;/Location&gt;
 * &lt;/VirtualHost&gt;
 * </pre>
 *
 * <p>Directives (main server or virtual host): {@code SMTPHostname name} (default the host's
 * {@code ServerName}), {@code SMTPMaxMessageSize bytes} (default 10 MiB), {@code
 * SMTPMaxRecipients n} (default 100), {@code SMTPAcceptDomain domain ...} (default {@code
 * localhost}), {@code SMTPMaildir dir} (default {@code maildir} under the server root), {@code
 * SMTPAuth Off|On|Required} (default {@code On}: AUTH is offered under TLS).
 */
public final class SmtpModule implements Module {

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public void register(Registry registry) {
        registry.protocol("smtp", new SmtpHandler());
        SmtpDirectives.all().forEach(registry::directive);
    }
}
