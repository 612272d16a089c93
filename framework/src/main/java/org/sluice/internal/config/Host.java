package org.sluice.internal.config;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sluice.config.ConfigLocation;
import org.sluice.config.DirConfig;
import org.sluice.config.DirConfigKey;
import org.sluice.config.ServerConfigKey;
import org.sluice.config.Wildcards;
import org.sluice.server.Server;
import org.sluice.server.VirtualHost;

/**
 * The main server or a {@code <VirtualHost>}: filled by the configuration processor, then
 * {@linkplain #freeze(Host, Server, ServerConfiguration) frozen} (merged over the main server) before it serves.
 */
public final class Host implements VirtualHost {

    /** Names looked up more often than this are merged per call instead of cached. */
    private static final int LOCATION_CACHE_LIMIT = 1024;

    private final boolean main;
    private final List<InetSocketAddress> addresses;
    private final ConfigLocation definedAt;
    private final List<String> aliases = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();
    private final Map<String, MergedDirConfig> locationCache = new ConcurrentHashMap<>();
    private ConfigVector serverConfigs = new ConfigVector();
    private ConfigVector dirDefaults = new ConfigVector();
    private MergedDirConfig defaults;
    private String serverName;
    private int serverPort;
    private String serverScheme;
    private Server server;
    private List<Section> allSections = List.of();
    private volatile org.sluice.log.AccessLog accessLog = org.sluice.log.AccessLog.NONE;
    private ServerConfiguration configuration;

    public Host(boolean main, List<InetSocketAddress> addresses, ConfigLocation definedAt) {
        this.main = main;
        this.addresses = List.copyOf(addresses);
        this.definedAt = definedAt;
    }

    public void serverName(String name) {
        this.serverName = name;
    }

    public void serverPort(int port) {
        this.serverPort = port;
    }

    public void serverScheme(String scheme) {
        this.serverScheme = scheme;
    }

    @Override
    public String serverScheme() {
        return serverScheme;
    }

    @Override
    public int serverPort() {
        return serverPort;
    }

    public void addAlias(String alias) {
        aliases.add(alias);
    }

    public ConfigVector serverConfigs() {
        return serverConfigs;
    }

    public ConfigVector dirDefaults() {
        return dirDefaults;
    }

    public List<Section> sections() {
        return sections;
    }

    /**
     * Merges this host's configuration over the main server's (Apache's
     * {@code ap_fixup_virtual_hosts}); the main server passes null.
     */
    public void freeze(Host mainServer, Server owner, ServerConfiguration configuration) {
        this.server = owner;
        this.configuration = configuration;
        if (mainServer != null) {
            serverConfigs = ConfigVector.merge(mainServer.serverConfigs, serverConfigs, Host::mergeServer);
            dirDefaults = ConfigVector.merge(mainServer.dirDefaults, dirDefaults, Host::mergeDir);
            List<Section> inherited = new ArrayList<>(mainServer.sections);
            inherited.addAll(sections);
            allSections = List.copyOf(inherited);
            if (serverName == null) {
                serverName = mainServer.serverName;
                serverPort = mainServer.serverPort;
            }
            if (serverScheme == null) {
                serverScheme = mainServer.serverScheme;
            }
        } else {
            allSections = List.copyOf(sections);
        }
        defaults = new MergedDirConfig(dirDefaults);
    }

    static Object mergeServer(Object key, Object parent, Object child) {
        return ConfigVector.apply(((ServerConfigKey<?>) key).merge(), parent, child);
    }

    static Object mergeDir(Object key, Object parent, Object child) {
        return ConfigVector.apply(((DirConfigKey<?>) key).merge(), parent, child);
    }

    @Override
    public String serverName() {
        return serverName == null ? "localhost" : serverName;
    }

    @Override
    public List<String> aliases() {
        return List.copyOf(aliases);
    }

    @Override
    public List<InetSocketAddress> addresses() {
        return addresses;
    }

    @Override
    public ConfigLocation definedAt() {
        return definedAt;
    }

    @Override
    public boolean isMainServer() {
        return main;
    }

    @Override
    public <T> T config(ServerConfigKey<T> key) {
        return serverConfigs.get(key, key.create());
    }

    @Override
    public DirConfig defaults() {
        return defaults;
    }

    @Override
    public DirConfig location(String name) {
        MergedDirConfig cached = locationCache.get(name);
        if (cached != null) {
            return cached;
        }
        MergedDirConfig merged = mergeSections("Location", name);
        if (locationCache.size() < LOCATION_CACHE_LIMIT) {
            locationCache.put(name, merged);
        }
        return merged;
    }

    /** This host's defaults merged with every section of {@code kind} that matches, in order. */
    public MergedDirConfig mergeSections(String kind, String name) {
        ConfigVector result = dirDefaults;
        for (Section section : allSections) {
            if (section.kind().equalsIgnoreCase(kind) && section.matches(name)) {
                result = ConfigVector.merge(result, section.configs(), Host::mergeDir);
            }
        }
        return result == dirDefaults ? defaults : new MergedDirConfig(result);
    }

    @Override
    public DirConfig mergeSections(DirConfig base, String kind, String name) {
        if (!(base instanceof MergedDirConfig merged)) {
            throw new IllegalArgumentException("not a configuration of this host: " + base);
        }
        ConfigVector result = merged.vector();
        List<Section> matching = matching(allSections, kind, name, null);
        if (kind.equalsIgnoreCase("Files")) {
            // then those of the access files on the way down
            if (result.has(Section.IN_ACCESS_FILES)) {
                matching = matching(result.get(Section.IN_ACCESS_FILES, Section.IN_ACCESS_FILES.create()), kind, name,
                        matching);
            }
        }
        if (matching == null) {
            // the common case, every request: no section of this kind applies
            return base;
        }
        if (kind.equalsIgnoreCase("Directory")) {
            // plain sections shortest path first (a stable sort keeps configuration order), regex ones last
            matching.sort(DIRECTORY_ORDER);
        }
        for (Section section : matching) {
            result = ConfigVector.merge(result, section.configs(), Host::mergeDir);
        }
        return new MergedDirConfig(result);
    }

    /** {@code found} (made when null) with those of {@code sections} of {@code kind} that apply to {@code name}. */
    private static List<Section> matching(List<Section> sections, String kind, String name, List<Section> found) {
        for (Section section : sections) {
            if (section.kind().equalsIgnoreCase(kind) && section.matches(name)) {
                if (found == null) {
                    found = new ArrayList<>();
                }
                found.add(section);
            }
        }
        return found;
    }

    @Override
    public DirConfig walkDirectories(DirConfig base, java.nio.file.Path dir, String filename, DirectoryStep step)
            throws java.io.IOException {
        vectorOf(base);
        java.nio.file.Path absolute = dir.toAbsolutePath().normalize();
        int depth = absolute.getNameCount();
        java.nio.file.Path[] levels = new java.nio.file.Path[depth + 1];
        levels[depth] = absolute;
        for (int i = depth; i > 0; i--) {
            levels[i - 1] = levels[i].getParent();
        }
        // the plain sections that apply, by the level where each first applies (configuration order within one)
        List<Section> plain = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        List<Section> regex = new ArrayList<>();
        for (Section section : allSections) {
            if (!section.kind().equalsIgnoreCase("Directory")) {
                continue;
            }
            if (section.pattern() != null) {
                if (section.matches(filename)) {
                    regex.add(section);
                }
                continue;
            }
            for (int level = 0; level <= depth; level++) {
                if (section.matches(levels[level].toString())) {
                    int index = 0;
                    while (index < at.size() && at.get(index) <= level) {
                        index++;
                    }
                    plain.add(index, section);
                    at.add(index, level);
                    break;
                }
            }
        }
        DirConfig config = base;
        int next = 0;
        for (int level = 0; level <= depth; level++) {
            ConfigVector vector = null;
            while (next < plain.size() && at.get(next) == level) {
                vector = ConfigVector.merge(vector == null ? vectorOf(config) : vector, plain.get(next).configs(),
                        Host::mergeDir);
                next++;
            }
            if (vector != null) {
                config = new MergedDirConfig(vector);
            }
            config = step.apply(levels[level], config);
        }
        if (!regex.isEmpty()) {
            regex.sort(DIRECTORY_ORDER);
            ConfigVector vector = vectorOf(config);
            for (Section section : regex) {
                vector = ConfigVector.merge(vector, section.configs(), Host::mergeDir);
            }
            config = new MergedDirConfig(vector);
        }
        return config;
    }

    @Override
    public DirConfig readAccessFile(java.nio.file.Path file, java.util.Set<org.sluice.config.OverrideClass> overrides,
                                    java.util.Set<String> directives) throws org.sluice.config.ConfigException {
        if (configuration == null) {
            throw new IllegalStateException(this + " is not serving");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String directive : directives) {
            names.add(directive.toLowerCase(Locale.ROOT));
        }
        ConfigReader reader = ConfigReader.builder()
                .serverRoot(configuration.serverRoot())
                .defines(new java.util.HashMap<>(configuration.defines()))
                // the process environment is the server's business, not an access file author's
                .environment(variable -> null)
                .moduleLoaded(configuration.modules()::isLoaded)
                .accessFile(true)
                .build();
        List<ConfigNode> nodes = reader.read(file);
        ConfigVector vector = new ConfigProcessor(configuration).processAccessFile(nodes, file, this,
                java.util.Set.copyOf(overrides), names);
        return new MergedDirConfig(vector);
    }

    @Override
    public DirConfig mergeAccessFile(DirConfig base, DirConfig accessFile) {
        return new MergedDirConfig(ConfigVector.merge(vectorOf(base), vectorOf(accessFile), Host::mergeDir));
    }

    private static ConfigVector vectorOf(DirConfig config) {
        if (!(config instanceof MergedDirConfig merged)) {
            throw new IllegalArgumentException("not a configuration of this host: " + config);
        }
        return merged.vector();
    }

    /**
     * Apache's order of {@code <Directory>} sections: plain ones before regular expressions,
     * then fewest slashes first (in a pattern, the slashes of its source); a stable sort keeps
     * configuration order among equals.
     */
    private static final java.util.Comparator<Section> DIRECTORY_ORDER = java.util.Comparator
            .comparing((Section section) -> section.pattern() != null)
            .thenComparingInt(Host::slashes);

    private static int slashes(Section section) {
        int components = 0;
        for (int i = 0; i < section.argument().length(); i++) {
            if (section.argument().charAt(i) == '/') {
                components++;
            }
        }
        return components;
    }

    @Override
    public org.sluice.log.AccessLog accessLog() {
        return accessLog;
    }

    /** Set when the generation opens its logs. */
    public void accessLog(org.sluice.log.AccessLog log) {
        this.accessLog = log;
    }

    @Override
    public boolean hasSections(String kind) {
        for (Section section : allSections) {
            if (section.kind().equalsIgnoreCase(kind)) {
                return true;
            }
        }
        return false;
    }

    /** All sections that apply to this host: the main server's, then its own. */
    public List<Section> allSections() {
        return allSections;
    }

    @Override
    public boolean matchesName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (serverName != null && serverName.equalsIgnoreCase(lower)) {
            return true;
        }
        for (String alias : aliases) {
            if (Wildcards.matches(alias.toLowerCase(Locale.ROOT), lower)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Server server() {
        return server;
    }

    @Override
    public String toString() {
        return (main ? "main server" : "vhost " + serverName()) + " (" + definedAt + ")";
    }
}
