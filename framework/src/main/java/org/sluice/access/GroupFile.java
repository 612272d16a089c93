package org.sluice.access;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups of an {@code AuthGroupFile}: {@code group: user1 user2} lines, as for
 * mod_authz_groupfile; a group may span several lines; blank lines and {@code #} comments are
 * skipped; a line without a colon is logged with its {@code file:line} and ignored.
 */
final class GroupFile {

    private static final Logger LOG = LoggerFactory.getLogger(GroupFile.class);

    private GroupFile() {
    }

    /** For each user, the groups it is in. */
    static Map<String, Set<String>> parse(Path path, List<String> lines) {
        Map<String, Set<String>> groupsOfUser = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                LOG.warn("{}:{}: ignoring line: expected 'group: user1 user2 ...'", path, i + 1);
                continue;
            }
            String group = line.substring(0, colon).strip();
            for (String user : Words.split(line.substring(colon + 1))) {
                groupsOfUser.computeIfAbsent(user, u -> new HashSet<>()).add(group);
            }
        }
        Map<String, Set<String>> frozen = new HashMap<>();
        groupsOfUser.forEach((user, groups) -> frozen.put(user, Set.copyOf(groups)));
        return Map.copyOf(frozen);
    }
}
