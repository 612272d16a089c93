package org.sluice.access;

/** Host-name matching shared by {@code Require host} and {@code Allow from name}. */
final class HostNames {

    private HostNames() {
    }

    /**
     * Apache's {@code in_domain}: {@code host} is {@code domain} or inside it, matching whole
     * labels only, so {@code example.com} matches {@code www.example.com} but not
     * {@code badexample.com}. Case-insensitive.
     */
    static boolean inDomain(String domain, String host) {
        int dl = domain.length();
        int hl = host.length();
        if (hl < dl || !host.regionMatches(true, hl - dl, domain, 0, dl)) {
            return false;
        }
        return hl == dl || domain.charAt(0) == '.' || host.charAt(hl - dl - 1) == '.';
    }
}
