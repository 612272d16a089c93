package org.sluice.access;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.config.DirConfig;
import org.sluice.connection.Blocking;

/**
 * The {@code file} provider (mod_authn_file): users and password hashes from the
 * {@code AuthUserFile}, an htpasswd file. The file is parsed once and again only after it
 * changes, so editing it with {@code htpasswd} takes effect without a restart.
 */
public final class FileAuthenticationProvider implements AuthenticationProvider {

    private static final Logger LOG = LoggerFactory.getLogger(FileAuthenticationProvider.class);

    private final Map<Path, ReloadingFile<Map<String, PasswordFile.Entry>>> files = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "file";
    }

    @Override
    public AuthnStatus check(String user, String password, DirConfig config) {
        Optional<Path> path = config.get(AccessConfig.KEY).userFile();
        if (path.isEmpty()) {
            LOG.error("AuthUserFile not specified in the configuration");
            return AuthnStatus.GENERAL_ERROR;
        }
        Map<String, PasswordFile.Entry> users;
        try {
            users = files.computeIfAbsent(path.get(), p -> new ReloadingFile<>(p, PasswordFile::parse)).content();
        } catch (IOException e) {
            LOG.error("Could not open password file: {} ({})", path.get(), e.toString());
            return AuthnStatus.GENERAL_ERROR;
        }
        PasswordFile.Entry entry = users.get(user);
        if (entry == null) {
            return AuthnStatus.USER_NOT_FOUND;
        }
        // hashes such as bcrypt take milliseconds by design: keep them off the event loop
        boolean matches = Blocking.get(() -> entry.kind().matches(password, entry.hash()));
        return matches ? AuthnStatus.GRANTED : AuthnStatus.DENIED;
    }
}
