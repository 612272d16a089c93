package org.sluice.access;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.sluice.config.ConfigLocation;
import org.sluice.config.DirConfigKey;

/**
 * The access-control configuration of one place (a {@code <Location>}, a virtual host, the
 * server): its {@code Require} rules, legacy {@code Order}/{@code Allow}/{@code Deny}/
 * {@code Satisfy} rules and authentication settings. The directive handlers of
 * {@link AccessDirectives} fill it in while the configuration is read; from then on it is only
 * read, and {@link #merge} makes new instances rather than changing any.
 *
 * <p>Merging parent to child follows Apache 2.4:
 * <ul>
 * <li>a child that has {@code Require} rules replaces its parent's, unless it says
 *     {@code AuthMerging And|Or}, which combines both; a child without rules inherits them;</li>
 * <li>a child that uses any of {@code Order}, {@code Allow}, {@code Deny}, {@code Satisfy}
 *     replaces the parent's legacy rules as a whole (the others take their defaults);</li>
 * <li>{@code AuthType}, {@code AuthName}, {@code AuthUserFile}, {@code AuthGroupFile},
 *     {@code AuthBasicProvider} and {@code AuthzSendForbiddenOnFailure} are inherited one by
 *     one unless the child sets them.</li>
 * </ul>
 */
public final class AccessConfig {

    /** The per-section configuration key of access control. */
    public static final DirConfigKey<AccessConfig> KEY = DirConfigKey.of("access", AccessConfig::new, AccessConfig::merge);

    /** The {@code AuthType}. */
    public enum AuthType {
        /** User name and password, checked by the {@code AuthBasicProvider}s. */
        BASIC,
        /** No authentication; cancels an inherited {@code AuthType}. */
        NONE
    }

    /** The {@code AuthMerging} setting. */
    enum MergeMode { UNSET, OFF, AND, OR }

    private Requirement.Block requirements;
    private MergeMode mergeMode = MergeMode.UNSET;
    private Boolean forbiddenOnFailure;
    private HostAccess hostAccess;
    private AuthType authType;
    private String authName;
    private Path userFile;
    private Path groupFile;
    private List<String> basicProviders;

    /** Blocks being read: {@code <RequireAll>} and friends whose end has not been reached. */
    private final Deque<OpenBlock> open = new ArrayDeque<>();

    AccessConfig() {
    }

    private AccessConfig(AccessConfig other) {
        requirements = other.requirements;
        mergeMode = other.mergeMode;
        forbiddenOnFailure = other.forbiddenOnFailure;
        hostAccess = other.hostAccess;
        authType = other.authType;
        authName = other.authName;
        userFile = other.userFile;
        groupFile = other.groupFile;
        basicProviders = other.basicProviders;
    }

    /** Combines a parent's configuration with a child section's; neither is changed. */
    public static AccessConfig merge(AccessConfig parent, AccessConfig child) {
        AccessConfig merged = new AccessConfig(child);
        if (child.mergeMode == MergeMode.UNSET && child.requirements == null && parent.requirements != null) {
            merged.requirements = parent.requirements;
            merged.mergeMode = parent.mergeMode;
        } else if (child.mergeMode == MergeMode.OFF || child.mergeMode == MergeMode.UNSET
                || (parent.requirements == null && child.requirements == null)) {
            merged.requirements = child.requirements;
        } else if (parent.requirements != null && child.requirements != null) {
            merged.requirements = new Requirement.Block(child.mergeMode == MergeMode.AND, false, true,
                    child.requirements.location(), List.of(parent.requirements, child.requirements));
        } else {
            merged.requirements = parent.requirements != null ? parent.requirements : child.requirements;
        }
        merged.forbiddenOnFailure = child.forbiddenOnFailure != null ? child.forbiddenOnFailure : parent.forbiddenOnFailure;
        merged.hostAccess = child.hostAccess != null ? child.hostAccess : parent.hostAccess;
        merged.authType = child.authType != null ? child.authType : parent.authType;
        merged.authName = child.authName != null ? child.authName : parent.authName;
        merged.userFile = child.userFile != null ? child.userFile : parent.userFile;
        merged.groupFile = child.groupFile != null ? child.groupFile : parent.groupFile;
        merged.basicProviders = child.basicProviders != null ? child.basicProviders : parent.basicProviders;
        return merged;
    }

    /** Whether authentication is configured ({@code AuthType} set and not {@code None}). */
    public Optional<AuthType> authType() {
        return authType == AuthType.BASIC ? Optional.of(AuthType.BASIC) : Optional.empty();
    }

    /** The {@code AuthName}: the realm shown to users asked for credentials. */
    public Optional<String> authName() {
        return Optional.ofNullable(authName);
    }

    /** The {@code AuthUserFile}, resolved against the server root. */
    public Optional<Path> userFile() {
        return Optional.ofNullable(userFile);
    }

    /** The {@code AuthGroupFile}, resolved against the server root. */
    public Optional<Path> groupFile() {
        return Optional.ofNullable(groupFile);
    }

    /** The {@code AuthBasicProvider} names in order; {@code [file]} unless set. */
    public List<String> basicProviders() {
        return basicProviders == null ? List.of("file") : basicProviders;
    }

    /** Whether any {@code Require} rule applies here. */
    public boolean hasRequirements() {
        return requirements != null;
    }

    /** The rules as written, one per line, for {@code -S}-style dumps and debugging. */
    public String describeRequirements() {
        StringBuilder out = new StringBuilder();
        if (requirements != null) {
            describe(requirements, 0, out);
        }
        return out.toString();
    }

    private static void describe(Requirement requirement, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(requirement.describe()).append(" (").append(requirement.location())
                .append(")\n");
        if (requirement instanceof Requirement.Block block) {
            for (Requirement child : block.children()) {
                describe(child, depth + 1, out);
            }
        }
    }

    Requirement.Block requirements() {
        return requirements;
    }

    HostAccess hostAccess() {
        return hostAccess == null ? HostAccess.NONE : hostAccess;
    }

    boolean forbiddenOnFailure() {
        return forbiddenOnFailure != null && forbiddenOnFailure;
    }

    // ---- filled in by the directive handlers ----

    void addRule(Requirement.Rule rule) {
        OpenBlock current = open.peek();
        boolean all = current != null && current.all;
        if (rule.negated() && !all) {
            String where = current != null ? current.describe() : "<RequireAny>";
            throw new IllegalArgumentException("negative Require directive has no effect in " + where + " directive");
        }
        if (current != null) {
            current.children.add(rule);
        } else {
            requirements = top(rule.location()).with(rule);
        }
    }

    void openBlock(boolean all, boolean negated, ConfigLocation location) {
        open.push(new OpenBlock(all, negated, location));
    }

    void closeBlock() {
        OpenBlock closing = open.pop();
        Requirement.Block block = new Requirement.Block(closing.all, closing.negated, false, closing.location,
                closing.children);
        if (block.children().isEmpty()) {
            throw new IllegalArgumentException(block.describe() + " directive contains no authorization directives");
        }
        OpenBlock parent = open.peek();
        boolean parentAll = parent != null && parent.all;
        if (block.negated() && !parentAll) {
            String where = parent != null ? parent.describe() : "<RequireAny>";
            throw new IllegalArgumentException(block.describe() + " directive has no effect in " + where + " directive");
        }
        // Blocks are associative: <RequireAll> inside <RequireAll> adds its rules to the outer one.
        List<Requirement> added = !block.negated() && block.all() == parentAll ? block.children() : List.of(block);
        if (parent != null) {
            parent.children.addAll(added);
        } else {
            requirements = top(block.location()).withAll(added);
            rejectOnlyNegative(requirements, true);
        }
    }

    /** Forgets the innermost open block after an error inside it. */
    void abandonBlock() {
        open.poll();
    }

    private Requirement.Block top(ConfigLocation location) {
        return requirements != null ? requirements : Requirement.Block.implicit(location);
    }

    /**
     * Apache's check that a block can grant at all: a negated rule only takes away, so a block
     * made of negations alone (after applying De Morgan to negated blocks of the other kind)
     * never grants anything.
     */
    private static void rejectOnlyNegative(Requirement.Block block, boolean top) {
        boolean positive = false;
        for (Requirement child : block.children()) {
            if (child instanceof Requirement.Block inner) {
                rejectOnlyNegative(inner, false);
                if (inner.negated() && inner.all() != block.all()) {
                    for (Requirement grandchild : inner.children()) {
                        positive |= grandchild.negated();
                    }
                    continue;
                }
            }
            positive |= !child.negated();
        }
        if (!positive) {
            throw new IllegalArgumentException((top ? "<Directory>, <Location>, or similar" : block.describe())
                    + " directive contains only negative authorization directives");
        }
    }

    void mergeMode(MergeMode mode) {
        mergeMode = mode;
    }

    void forbiddenOnFailure(boolean value) {
        forbiddenOnFailure = value;
    }

    void hostAccess(HostAccess access) {
        hostAccess = access;
    }

    /** The legacy rules of this very section, starting from the defaults (not the parent's). */
    HostAccess ownHostAccess() {
        return hostAccess == null ? HostAccess.NONE : hostAccess;
    }

    void authType(AuthType type) {
        authType = type;
    }

    void authName(String name) {
        authName = name;
    }

    void userFile(Path path) {
        userFile = path;
    }

    void groupFile(Path path) {
        groupFile = path;
    }

    void addBasicProvider(String name) {
        List<String> more = basicProviders == null ? new ArrayList<>() : new ArrayList<>(basicProviders);
        more.add(name);
        basicProviders = List.copyOf(more);
    }

    private static final class OpenBlock {
        final boolean all;
        final boolean negated;
        final ConfigLocation location;
        final List<Requirement> children = new ArrayList<>();

        OpenBlock(boolean all, boolean negated, ConfigLocation location) {
            this.all = all;
            this.negated = negated;
            this.location = location;
        }

        String describe() {
            return new Requirement.Block(all, negated, false, location, List.of()).describe();
        }
    }
}
