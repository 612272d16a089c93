package org.sluice.internal.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Who the server process runs as, for httpd's {@code User} and {@code Group}. httpd starts as
 * root and switches to them; a JVM cannot change its user, so Sluice is started as that user
 * and the directives only check that it was. Names are read from {@code /proc/self} (Linux);
 * elsewhere only the user name is known, and the ids are -1.
 *
 * @param user the user name
 * @param uid the user id, or -1 when unknown
 * @param group the primary group's name, or null when unknown
 * @param gid the primary group's id, or -1 when unknown
 */
public record ProcessUser(String user, long uid, String group, long gid) {

    private static final String CANNOT_CHANGE = " (the JVM cannot change its user or group)";

    /** The process's own identity. */
    public static ProcessUser current() {
        Path self = Path.of("/proc/self");
        try {
            PosixFileAttributes attributes = Files.readAttributes(self, PosixFileAttributes.class);
            return new ProcessUser(attributes.owner().getName(), ((Number) Files.getAttribute(self, "unix:uid")).longValue(),
                    attributes.group().getName(), ((Number) Files.getAttribute(self, "unix:gid")).longValue());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return new ProcessUser(System.getProperty("user.name"), -1, null, -1);
        }
    }

    /** Whether this is the superuser, which httpd leaves for {@code User} and Sluice cannot. */
    public boolean root() {
        return uid == 0;
    }

    /**
     * Why {@code User name} cannot hold for this process, or null when it does: the name (or
     * {@code #uid}) must be this process's user, and that user must not be root.
     */
    public String userRefusal(String name) {
        if (name.equals("root") || name.equals("#0")) {
            return "User " + name + ": Sluice does not serve as root; start it as an unprivileged user and name"
                    + " that user here";
        }
        if (root()) {
            return "User " + name + ": Sluice is running as root and does not serve as root" + CANNOT_CHANGE
                    + ": start it as " + name + " (for example runuser -u " + name + " -- bin/sluice)";
        }
        if (name.equals(user) || name.equals("#" + uid)) {
            return null;
        }
        return "User " + name + ": Sluice is running as " + user + " and cannot become " + name + CANNOT_CHANGE
                + ": start it as " + name + " (for example sudo -u " + name + " bin/sluice), or write User " + user;
    }

    /** Why {@code Group name} cannot hold for this process, or null when it does. */
    public String groupRefusal(String name) {
        if (root()) {
            return "Group " + name + ": Sluice is running as root and does not serve as root" + CANNOT_CHANGE
                    + ": start it as a user of group " + name + " (for example runuser -u USER -g " + name
                    + " -- bin/sluice)";
        }
        if (group == null || name.equals(group) || name.equals("#" + gid)) {
            return null;
        }
        return "Group " + name + ": Sluice is running with group " + group + " and cannot change to " + name
                + CANNOT_CHANGE + ": start it with that group (for example sudo -u " + user + " -g " + name
                + " bin/sluice), or write Group " + group;
    }
}
