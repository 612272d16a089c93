package org.sluice.internal.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sluice.config.ConfigException;
import org.sluice.internal.config.ConfigNode;
import org.sluice.internal.config.ConfigProcessor;
import org.sluice.internal.config.ConfigReader;
import org.sluice.internal.config.ServerConfiguration;
import org.sluice.internal.core.CoreModule;
import org.sluice.internal.module.Modules;

/**
 * Reads the configuration of one generation: the {@code -C} directives, the file (with its
 * includes), the {@code -c} directives; loads the modules it names; applies every directive.
 */
public final class Configurator {

    private Configurator() {
    }

    public static ServerConfiguration read(Options options) throws ConfigException {
        Modules modules = new Modules();
        modules.loadBuiltIn(new CoreModule());
        Map<String, String> defines = new LinkedHashMap<>(options.defines);
        Path root = options.serverRoot;
        Path file = root.resolve(options.configFile).normalize();
        ServerConfiguration configuration = new ServerConfiguration(root, file.toString(), modules, defines);
        ConfigReader reader = ConfigReader.builder()
                .serverRoot(root)
                .defines(defines)
                .moduleLoaded(modules::isLoaded)
                .readTimeHandler("LoadModule", (node, r) -> loadModule(modules, node))
                .readTimeHandler("ServerRoot", (node, r) -> serverRoot(configuration, node, r))
                .readTimeHandler("ModulePath", (node, r) -> modulePath(modules, node, r))
                .build();
        ConfigProcessor processor = new ConfigProcessor(configuration);
        for (String directive : options.before) {
            processor.process(reader.readDirectives(directive, "-C argument"));
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(null, "sluice: Could not open configuration file " + file + ": No such file or directory");
        }
        List<ConfigNode> nodes = reader.read(file);
        processor.process(nodes);
        for (String directive : options.after) {
            processor.process(reader.readDirectives(directive, "-c argument"));
        }
        return configuration;
    }

    private static void loadModule(Modules modules, ConfigNode node) throws ConfigException {
        if (node.args().isEmpty() || node.args().size() > 2) {
            throw new ConfigException(node.location(),
                    "LoadModule takes 1-2 arguments, a module name (or class name) and an optional file name");
        }
        String name = node.args().get(0);
        if (name.endsWith("_module") && !modules.availableNames().contains(name.toLowerCase(java.util.Locale.ROOT))) {
            // httpd's spelling, as in its configurations: the Sluice module that stands in for it
            modules.loadHttpdModule(name, node.args().size() > 1 ? node.args().get(1) : null, node.location());
            return;
        }
        modules.load(name, node.location());
    }

    private static void serverRoot(ServerConfiguration configuration, ConfigNode node, ConfigReader reader)
            throws ConfigException {
        if (node.args().size() != 1) {
            throw new ConfigException(node.location(), "ServerRoot takes one argument, Common directory of server-related files (logs, confs, etc.)");
        }
        Path root = reader.resolve(Path.of(node.args().get(0)));
        if (!Files.isDirectory(root)) {
            throw new ConfigException(node.location(), "ServerRoot must be a valid directory");
        }
        reader.serverRoot(root);
        configuration.serverRoot(root);
    }

    private static void modulePath(Modules modules, ConfigNode node, ConfigReader reader) throws ConfigException {
        if (node.args().size() != 1) {
            throw new ConfigException(node.location(), "ModulePath takes one argument, a directory of module jars");
        }
        Path directory = reader.resolve(Path.of(node.args().get(0)));
        if (!Files.isDirectory(directory)) {
            throw new ConfigException(node.location(), "ModulePath: " + directory + " is not a directory");
        }
        modules.addModulePath(directory, node.location());
    }
}
