package org.sluice.internal.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sluice.config.ConfigLocation;
import org.sluice.internal.core.GlobalConfig;
import org.sluice.internal.module.Modules;

/**
 * One generation of configuration: everything read from the files, ready to be validated and
 * served. A graceful restart builds a new one and swaps it in.
 */
public final class ServerConfiguration {

    private final Modules modules;
    private final Map<String, String> defines;
    private final List<ListenerSpec> listeners = new ArrayList<>();
    private final List<Host> virtualHosts = new ArrayList<>();
    private final Host mainServer;
    private final GlobalConfig global = new GlobalConfig();
    private final String configFile;
    private Path serverRoot;

    public ServerConfiguration(Path serverRoot, String configFile, Modules modules, Map<String, String> defines) {
        this.serverRoot = serverRoot;
        this.configFile = configFile;
        this.modules = modules;
        this.defines = defines;
        this.mainServer = new Host(true, List.of(), new ConfigLocation(configFile, 0));
    }

    public Path serverRoot() {
        return serverRoot;
    }

    public void serverRoot(Path root) {
        this.serverRoot = root;
    }

    public String configFile() {
        return configFile;
    }

    public Modules modules() {
        return modules;
    }

    public Map<String, String> defines() {
        return defines;
    }

    public List<ListenerSpec> listeners() {
        return listeners;
    }

    public Host mainServer() {
        return mainServer;
    }

    public List<Host> virtualHosts() {
        return virtualHosts;
    }

    /** Resolves a configuration path against the server root. */
    public Path resolve(String path) {
        return serverRoot.resolve(path).normalize();
    }

    /** Settings of the whole server rather than of one host. */
    public GlobalConfig global() {
        return global;
    }
}
