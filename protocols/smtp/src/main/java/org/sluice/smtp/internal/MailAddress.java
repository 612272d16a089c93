package org.sluice.smtp.internal;

import java.util.regex.Pattern;

/**
 * A mailbox of an SMTP path (RFC 5321 4.1.2): {@code local-part@domain}, or the null reverse
 * path {@code <>} of bounces. Only ASCII: the server offers no SMTPUTF8.
 */
record MailAddress(String localPart, String domain) {

    /** {@code <>}: the reverse path of a delivery status notification. */
    static final MailAddress NULL = new MailAddress("", "");

    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern LOCAL_PART = Pattern.compile(
            ATOM + "(?:\\." + ATOM + ")*|\"(?:[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]|\\\\[\\x20-\\x7e])*\"");
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern DOMAIN = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("\\[[\\x21-\\x5a\\x5e-\\x7e]+\\]");
    /** A source route, {@code @relay1,@relay2:}, which RFC 5321 says to accept and ignore. */
    private static final Pattern SOURCE_ROUTE = Pattern.compile("@[^,:]+(?:,@[^,:]+)*:");

    static final int MAX_LOCAL_PART = 64;
    static final int MAX_DOMAIN = 255;
    static final int MAX_PATH = 256;

    /**
     * The mailbox inside a path's angle brackets, or null if it is not one. {@code postmaster}
     * without a domain is the one mailbox RFC 5321 lets a client name so.
     */
    static MailAddress parse(String path) {
        if (path.isEmpty()) {
            return NULL;
        }
        if (path.length() > MAX_PATH) {
            return null;
        }
        java.util.regex.Matcher route = SOURCE_ROUTE.matcher(path);
        String mailbox = route.lookingAt() ? path.substring(route.end()) : path;
        if (mailbox.equalsIgnoreCase("postmaster")) {
            return new MailAddress(mailbox, "");
        }
        int at = mailbox.lastIndexOf('@');
        if (at <= 0 || at == mailbox.length() - 1) {
            return null;
        }
        String local = mailbox.substring(0, at);
        String domain = mailbox.substring(at + 1);
        if (local.length() > MAX_LOCAL_PART || !LOCAL_PART.matcher(local).matches()) {
            return null;
        }
        if (!isDomain(domain) && !ADDRESS_LITERAL.matcher(domain).matches()) {
            return null;
        }
        return new MailAddress(local, domain);
    }

    /** Whether {@code name} is a domain name (letters, digits, hyphens, dots). */
    static boolean isDomain(String name) {
        return name.length() <= MAX_DOMAIN && DOMAIN.matcher(name).matches();
    }

    boolean isNull() {
        return localPart.isEmpty();
    }

    /** {@code postmaster} without a domain. */
    boolean isBarePostmaster() {
        return domain.isEmpty() && !localPart.isEmpty();
    }

    /** As in a path: {@code local@domain}, empty for the null path. */
    @Override
    public String toString() {
        return isNull() ? "" : domain.isEmpty() ? localPart : localPart + "@" + domain;
    }
}
