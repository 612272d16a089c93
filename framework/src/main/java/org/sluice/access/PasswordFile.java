package org.sluice.access;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users and password hashes of an {@code AuthUserFile}: {@code user:hash} lines as
 * {@code htpasswd} writes them; blank lines and {@code #} comments are skipped; the first line
 * of a user wins, as in mod_authn_file; a line that is not {@code user:hash} with a hash Apache
 * accepts is logged with its {@code file:line} and ignored.
 */
final class PasswordFile {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordFile.class);

    /** One user's hash and its kind. */
    record Entry(String hash, PasswordHash kind) {
    }

    private PasswordFile() {
    }

    static Map<String, Entry> parse(Path path, List<String> lines) {
        Map<String, Entry> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                LOG.warn("{}:{}: ignoring line: expected 'user:password-hash' as htpasswd writes it", path, i + 1);
                continue;
            }
            String user = line.substring(0, colon);
            String rest = line.substring(colon + 1);
            int extra = rest.indexOf(':');
            String hash = extra >= 0 ? rest.substring(0, extra) : rest;
            PasswordHash kind = PasswordHash.of(hash);
            if (kind == null) {
                LOG.warn("{}:{}: ignoring user '{}': the password is not a hash htpasswd writes"
                        + " (bcrypt, $apr1$, {SHA}, crypt); plain text is not accepted", path, i + 1, user);
                continue;
            }
            users.putIfAbsent(user, new Entry(hash, kind));
        }
        return Map.copyOf(users);
    }
}
