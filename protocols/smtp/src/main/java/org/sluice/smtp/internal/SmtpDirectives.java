package org.sluice.smtp.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;

/** The SMTP server's directives; each may appear in the main server or a {@code <VirtualHost>}. */
public final class SmtpDirectives {

    /** The most {@code SMTPMaxMessageSize} may be: a message is written to disk as it arrives, never held in memory. */
    static final long MAX_MESSAGE_SIZE_LIMIT = 1L << 40;
    /** The most {@code SMTPMaxRecipients} may be. */
    static final int MAX_RECIPIENTS_LIMIT = 100_000;

    private SmtpDirectives() {
    }

    public static List<Directive> all() {
        return List.of(
                Directive.of("SMTPHostname", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                        "the name the SMTP server greets with and writes into Received: headers",
                        call -> config(call).hostname = domain(call, call.arg(0))),
                Directive.of("SMTPMaxMessageSize", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                        "the largest message the SMTP server accepts, in bytes (a positive number)",
                        call -> config(call).maxMessageSize = number(call, MAX_MESSAGE_SIZE_LIMIT)),
                Directive.of("SMTPMaxRecipients", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                        "how many recipients one message may have (a positive number)",
                        call -> config(call).maxRecipients = (int) number(call, MAX_RECIPIENTS_LIMIT)),
                Directive.of("SMTPAcceptDomain", ArgShape.ITERATE, Directive.SERVER_OR_VHOST,
                        "the domains the SMTP server accepts mail for, e.g. example.org localhost",
                        SmtpDirectives::acceptDomain),
                Directive.of("SMTPMaildir", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                        "the Maildir (relative to ServerRoot) that receives every accepted message",
                        call -> config(call).maildir = call.resolve(call.arg(0))),
                Directive.of("SMTPAuth", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                        "Off, On (AUTH is offered under TLS) or Required (MAIL needs AUTH first)",
                        call -> config(call).auth = auth(call)));
    }

    private static SmtpConfig config(DirectiveCall call) {
        return call.serverConfig(SmtpConfig.KEY);
    }

    private static void acceptDomain(DirectiveCall call) throws ConfigException {
        SmtpConfig config = config(call);
        if (config.acceptDomains == null) {
            config.acceptDomains = new ArrayList<>();
        }
        String domain = domain(call, call.arg(0));
        config.acceptDomains.add(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
    }

    private static String domain(DirectiveCall call, String word) throws ConfigException {
        if (!MailAddress.isDomain(word.endsWith(".") ? word.substring(0, word.length() - 1) : word)) {
            throw call.error(call.name() + " takes a domain name such as example.org, not '" + word + "'");
        }
        return word.toLowerCase(Locale.ROOT);
    }

    private static long number(DirectiveCall call, long limit) throws ConfigException {
        try {
            long n = Long.parseLong(call.arg(0));
            if (n > 0 && n <= limit) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw call.error(call.name() + " takes a number from 1 to " + limit + ", not '" + call.arg(0) + "'");
    }

    private static SmtpConfig.Auth auth(DirectiveCall call) throws ConfigException {
        return switch (call.arg(0).toLowerCase(Locale.ROOT)) {
            case "off" -> SmtpConfig.Auth.OFF;
            case "on" -> SmtpConfig.Auth.ON;
            case "required" -> SmtpConfig.Auth.REQUIRED;
            default -> throw call.error("SMTPAuth takes Off, On or Required, not '" + call.arg(0) + "'");
        };
    }
}
